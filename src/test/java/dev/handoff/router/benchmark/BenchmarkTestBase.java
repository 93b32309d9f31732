package dev.handoff.router.benchmark;

import dev.handoff.router.adapters.dynamodb.TableNames;
import dev.handoff.router.domain.ConversationStore;
import dev.handoff.router.domain.ParticipantStore;
import dev.handoff.router.domain.MemberStore;
import dev.handoff.router.functions.RouterFunctions;
import dev.handoff.router.domain.TranscriptStore;
import jakarta.inject.Inject;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** What the benchmark and its smoke test share: the application's beans the harness drives and reads. */
abstract class BenchmarkTestBase {
    @Inject
    RouterFunctions functions;

    @Inject
    DynamoDbClient dynamo;

    @Inject
    TableNames tables;

    @Inject
    ParticipantStore participants;

    @Inject
    ConversationStore conversations;

    @Inject
    TranscriptStore transcripts;

    @Inject
    MemberStore members;

    BenchmarkResults run(BenchmarkPlan plan) {
        return BenchmarkHarness.run(plan, functions, dynamo, tables, participants, conversations, transcripts,
                members);
    }
}
