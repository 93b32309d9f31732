package dev.handoff.router.adapters.dynamodb;

import dev.handoff.router.domain.ConversationStore.Count;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.Select;

/** Counts of what Queries find: one page (a bounded cost), or every page (exact). */
final class Counting {
    private Counting() {
    }

    /**
     * Counts what one page of {@code query} holds: DynamoDB reads at most 1 MB of keys (some ten thousand), so the cost
     * is bounded; past that the count is a lower bound ({@link Count#atLeast()}).
     */
    static Count onePage(DynamoDbClient dynamo, QueryRequest.Builder query) {
        var page = dynamo.query(query.select(Select.COUNT).build());
        return new Count(page.count(), page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty());
    }

    /** Counts everything {@code query} finds, a page (1 MB of keys) at a time: exact, at a cost that grows with it. */
    static long all(DynamoDbClient dynamo, QueryRequest.Builder query) {
        long count = 0;
        for (var page : dynamo.queryPaginator(query.select(Select.COUNT).build())) {
            count += page.count();
        }
        return count;
    }
}
