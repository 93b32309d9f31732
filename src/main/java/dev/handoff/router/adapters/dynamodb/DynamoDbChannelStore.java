package dev.handoff.router.adapters.dynamodb;

import java.util.Optional;

import dev.handoff.router.domain.Channel;
import dev.handoff.router.domain.ChannelStore;
import jakarta.enterprise.context.ApplicationScoped;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/**
 * Channels as one item each: the id and the webhook (its secret stored as a participant's is). An upsert writes the
 * whole item; a channel carries nothing else to keep.
 */
@ApplicationScoped
public class DynamoDbChannelStore implements ChannelStore {
    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbChannelStore(DynamoDbClient dynamo, TableNames tables) {
        this.dynamo = dynamo;
        this.table = tables.channels();
    }

    @Override
    public Optional<Channel> find(String channelId) {
        return Reads.item(dynamo, table, Attr.CHANNEL_ID, channelId).map(ItemMapper::channel);
    }

    @Override
    public Channel upsert(Channel channel) {
        dynamo.putItem(PutItemRequest.builder().tableName(table).item(ItemMapper.channelItem(channel)).build());
        return channel;
    }
}
