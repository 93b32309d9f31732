package dev.handoff.router.adapters.dynamodb;

import static dev.handoff.router.adapters.dynamodb.Values.n;
import static dev.handoff.router.adapters.dynamodb.Values.s;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.handoff.router.domain.TranscriptMessage;
import dev.handoff.router.domain.TranscriptStore;
import jakarta.enterprise.context.ApplicationScoped;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The transcript: one item per message, keyed by conversation and sequence. One message is one PutItem; several are one
 * BatchWriteItem (25 at most a call, unprocessed items sent again after a backoff, as {@link Batches} does).
 */
@ApplicationScoped
public class DynamoDbTranscriptStore implements TranscriptStore {
    private static final int MAX_WRITES = 25;

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbTranscriptStore(DynamoDbClient dynamo, TableNames tables) {
        this.dynamo = dynamo;
        this.table = tables.transcripts();
    }

    @Override
    public void append(List<TranscriptMessage> messages) {
        if (messages.size() == 1) {
            dynamo.putItem(PutItemRequest.builder().tableName(table)
                    .item(ItemMapper.transcriptItem(messages.get(0))).build());
            return;
        }
        write(messages.stream().map(m -> WriteRequest.builder()
                .putRequest(PutRequest.builder().item(ItemMapper.transcriptItem(m)).build()).build()).toList());
    }

    @Override
    public void remove(String conversationId, List<Long> sequences) {
        write(sequences.stream().map(sequence -> WriteRequest.builder().deleteRequest(DeleteRequest.builder()
                .key(Map.of(Attr.CONVERSATION_ID, s(conversationId), Attr.SEQUENCE, n(sequence))).build()).build())
                .toList());
    }

    @Override
    public Page page(String conversationId, long after, int limit) {
        var response = dynamo.query(QueryRequest.builder().tableName(table)
                .keyConditionExpression("#c = :c AND #s > :after")
                .expressionAttributeNames(Map.of("#c", Attr.CONVERSATION_ID, "#s", Attr.SEQUENCE))
                .expressionAttributeValues(Map.of(":c", s(conversationId), ":after", n(after)))
                .consistentRead(true)
                .limit(limit + 1) // one more than the page: whether another page follows is then known, not guessed
                .build());
        var messages = response.items().stream().map(ItemMapper::transcriptMessage).toList();
        if (messages.size() <= limit) {
            return new Page(messages, null);
        }
        var page = messages.subList(0, limit);
        return new Page(page, page.get(limit - 1).sequence());
    }

    @Override
    public List<TranscriptMessage> latest(String conversationId, int limit) {
        var response = dynamo.query(QueryRequest.builder().tableName(table)
                .keyConditionExpression("#c = :c")
                .expressionAttributeNames(Map.of("#c", Attr.CONVERSATION_ID))
                .expressionAttributeValues(Map.of(":c", s(conversationId)))
                .scanIndexForward(false)
                .consistentRead(true)
                .limit(limit)
                .build());
        var newestFirst = new ArrayList<>(response.items().stream().map(ItemMapper::transcriptMessage).toList());
        java.util.Collections.reverse(newestFirst);
        return newestFirst;
    }

    private void write(List<WriteRequest> requests) {
        for (int from = 0; from < requests.size(); from += MAX_WRITES) {
            var chunk = requests.subList(from, Math.min(requests.size(), from + MAX_WRITES));
            Batches.writeAll(dynamo, Map.of(table, new ArrayList<>(chunk)));
        }
    }
}
