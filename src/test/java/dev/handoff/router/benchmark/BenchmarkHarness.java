package dev.handoff.router.benchmark;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.eclipse.microprofile.config.ConfigProvider;

import dev.handoff.router.adapters.dynamodb.TableNames;
import dev.handoff.router.domain.AssignmentMethod;
import dev.handoff.router.domain.ConversationStore;
import dev.handoff.router.domain.ParticipantStore;
import dev.handoff.router.domain.MemberStore;
import dev.handoff.router.domain.TranscriptStore;
import dev.handoff.router.functions.RouterFunctions;
import dev.handoff.router.testing.BotServer;
import dev.handoff.router.testing.World;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Wires the scenarios to the running test application; shared by the benchmark and its tiny-load check. */
final class BenchmarkHarness {
    private BenchmarkHarness() {
    }

    static BenchmarkResults run(BenchmarkPlan plan, RouterFunctions functions, DynamoDbClient dynamo,
            TableNames tables, ParticipantStore participants, ConversationStore conversations,
            TranscriptStore transcripts, MemberStore members) {
        var driver = new EventDriver(functions);
        Supplier<World> worlds = () -> new World(participants, conversations, transcripts);
        try (var bots = new BotServer()) {
            List<Scenario> scenarios = List.of(
                    new FloorWrites(dynamo, tables.participants()),
                    new StartAlone(driver, worlds),
                    new TwoQueueLifecycle(driver, worlds, bots),
                    new HotQueue(driver, worlds),
                    new Chat(driver, worlds, bots));
            var bySize = new ArrayList<Scenario>();
            plan.queueSizes().forEach(n -> bySize.add(new QueueOfSize(n, driver, worlds, participants, members)));
            plan.heldSizes().forEach(n -> bySize.add(new HeavyHolder(n, driver, worlds, participants, members)));
            // 100 members and 200 ahead in the benchmark; a tenth of that in its smoke test, which runs in verify.
            int policySize = plan.sizeUnits() >= 100 ? 100 : 10;
            for (AssignmentMethod method : AssignmentMethod.values()) {
                bySize.add(PolicyStart.assigned(method, policySize, driver, worlds));
            }
            bySize.add(PolicyStart.waiting(false, policySize, driver, worlds));
            bySize.add(PolicyStart.waiting(true, policySize, driver, worlds));
            bySize.add(new WrapUpEnd(false, driver, worlds));
            bySize.add(new WrapUpEnd(true, driver, worlds));
            bySize.add(new HandBackSwap(driver, worlds, bots));
            bySize.add(new EscalationOffer(false, driver, worlds, bots));
            bySize.add(new EscalationOffer(true, driver, worlds, bots));
            // 1,000 members with 20 skills each in the benchmark; 30 in its smoke test (member 0 meets the rare one).
            int skilledSize = plan.sizeUnits() >= 100 ? 1_000 : 30;
            for (var requirement : SkilledStart.Requirement.values()) {
                bySize.add(new SkilledStart(requirement, false, skilledSize, driver, worlds, participants, members));
            }
            for (var requirement : SkilledStart.Requirement.values()) {
                if (requirement != SkilledStart.Requirement.NONE) {
                    bySize.add(new SkilledStart(requirement, true, skilledSize, driver, worlds, participants,
                            members));
                }
            }
            String endpoint = ConfigProvider.getConfig()
                    .getValue("quarkus.dynamodb.endpoint-override", String.class);
            return new BenchmarkRun(Path.of(System.getProperty("user.dir")), endpoint, scenarios).run(plan, bySize);
        }
    }
}
