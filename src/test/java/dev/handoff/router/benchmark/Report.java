package dev.handoff.router.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import org.HdrHistogram.Histogram;

/** Writes a run's figures as markdown. */
final class Report {
    static final List<String> SECTIONS = List.of("## Machine", "## How it was measured",
            "## Floor: one conditional UpdateItem", "## Scenarios", "## DynamoDB calls per event",
            "## Per conversation lifecycle", "## Hot queue", "## By size", "## Routing policies", "## Wrap-up",
            "## Hand-backs and swaps", "## Offers", "## Start-up", "## Targets");

    private final BenchmarkResults results;
    private final StringBuilder out = new StringBuilder();

    private Report(BenchmarkResults results) {
        this.results = results;
    }

    static Path write(BenchmarkResults results) {
        String markdown = new Report(results).markdown();
        Path file = results.plan().report();
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, markdown);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
        return file;
    }

    static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.2f", nanos / 1e6);
    }

    private static String num(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    private String markdown() {
        var plan = results.plan();
        line("# Routing benchmark");
        line("");
        if (plan.startupOnly()) {
            line("Run " + results.at() + ", start-ups only (-D" + BenchmarkPlan.ONLY_PROPERTY + "=startup): the"
                    + " scenarios were not run, so their sections and targets say not measured.");
        } else {
            line("Run " + results.at() + ". Callers: " + plan.callers() + ". Units of work per concurrency: floor "
                    + plan.floorWrites() + ", start " + plan.starts() + ", lifecycle " + plan.lifecycles()
                    + ", hot queue " + plan.hotQueueUnits() + " (after " + plan.warmUpUnits()
                    + " units of each at 4 callers to warm up, not counted).");
        }
        machine();
        method();
        floor();
        scenarios();
        callsPerEvent();
        lifecycle();
        hotQueue();
        bySize();
        policies();
        wrapUp();
        handBacks();
        offers();
        startup();
        targets();
        return out.toString();
    }

    private void machine() {
        var m = results.machine();
        section("## Machine");
        line("| | |");
        line("|---|---|");
        line("| CPU | " + m.cpu() + " |");
        line("| cores | " + m.cores() + " |");
        line("| memory | " + m.memoryMb() + " MB |");
        line("| OS | " + m.os() + " |");
        line("| JVM | " + m.jvm() + " |");
        line("| local DynamoDB | " + m.dynalite() + " (in memory, on loopback, one Node process) |");
        line("| 1-minute load average | " + results.loadAtStart() + " at the start, " + results.loadAtEnd()
                + " at the end |");
        line("");
        line("The machine is shared: other builds may run at the same time (a load average above the number of"
                + " cores means threads waited for a core), so single figures are noisy. Compare"
                + " medians and the ratios to the floor, which was measured in the same run, on the same client,"
                + " interleaved with the scenarios.");
    }

    private void method() {
        section("## How it was measured");
        line("- In-process: a `@QuarkusTest` boots the application against its own dynalite and calls the `route`"
                + " function directly (decode, route, answer; no HTTP and no JSON encoding of the answer), from"
                + " real threads, one per caller, all released at once.");
        line("- Latency: wall time of each event (HdrHistogram, 3 significant digits). Events/s: measured events"
                + " divided by the callers' mean time inside them (equal to the wall-clock rate when callers do"
                + " nothing else; the start scenario's unmeasured clean-up ends are left out).");
        line("- DynamoDB calls, capacity units and conditional-check failures: an SDK interceptor on the"
                + " application's client sets `ReturnConsumedCapacity=TOTAL` on every request, sums the"
                + " `ConsumedCapacity` of the answers (reads as RCU, writes as WCU) and counts each call by operation"
                + " and by purpose, told from the application frames on the stack: routing, recording a bot's"
                + " replies (webhook work), telling the channel and desks, hand-outs to waiting lines. A failed"
                + " conditional write reports no capacity (AWS bills it as a write all the same).");
        line("- Time outside DynamoDB: the event's wall time minus the time inside DynamoDB calls on its thread"
                + " (interceptor's first to last hook, its own bookkeeping included, for the floor as well). Own"
                + " time: also minus the bot webhook calls (timed by a CDI decorator of the bot channel), i.e."
                + " decoding, deciding, mapping items, signing. (The decorator is in the test sources, so it wraps the"
                + " bot channel in every test; it only records on a thread that is measuring.)");
        line("- Scenarios:");
        for (Scenario scenario : results.scenarios()) {
            line("  - **" + scenario.name() + "**: " + scenario.description() + ".");
        }
    }

    private void floor() {
        section("## Floor: one conditional UpdateItem");
        line("| callers | ops/s | p50 ms | p99 ms | max ms | WCU/op |");
        line("|---:|---:|---:|---:|---:|---:|");
        for (LevelResult level : results.levels(FloorWrites.NAME)) {
            var h = level.latency();
            line("| " + level.callers() + " | " + num(level.eventsPerSecond(), 0) + " | " + p(h, 50) + " | "
                    + p(h, 99) + " | " + ms(h.getMaxValue()) + " | "
                    + num(level.perEvent(EventTypeTotals.Snapshot::writeUnits), 2) + " |");
        }
    }

    private void scenarios() {
        section("## Scenarios");
        line("Latencies in ms. \"× floor\": the scenario's figure divided by the floor's at the same concurrency."
                + " Calls, capacity units and conditional failures are per event, all purposes included.");
        line("");
        line("| scenario | callers | events | events/s | events/s × floor | p50 | p99 | max | p50 × floor"
                + " | DynamoDB calls | RCU | WCU | cond. failures | outside DynamoDB p50 / p99 | own p50 / p99"
                + " | errors |");
        line("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (LevelResult level : results.levels()) {
            if (level.scenario().equals(FloorWrites.NAME)) {
                continue;
            }
            var floor = results.floor(level.callers());
            var h = level.latency();
            line("| " + level.scenario() + " | " + level.callers() + " | " + level.events() + " | "
                    + num(level.eventsPerSecond(), 0) + " | "
                    + num(level.eventsPerSecond() / floor.eventsPerSecond(), 2) + " | " + p(h, 50) + " | "
                    + p(h, 99) + " | " + ms(h.getMaxValue()) + " | "
                    + num((double) h.getValueAtPercentile(50) / floor.latency().getValueAtPercentile(50), 1) + " | "
                    + num(level.perEvent(s -> s.allCalls()), 2) + " | "
                    + num(level.perEvent(EventTypeTotals.Snapshot::readUnits), 2) + " | "
                    + num(level.perEvent(EventTypeTotals.Snapshot::writeUnits), 2) + " | "
                    + num(level.perEvent(s -> s.conditionalFailures()), 3) + " | "
                    + p(level.outsideDynamo(), 50) + " / " + p(level.outsideDynamo(), 99) + " | "
                    + p(level.ownTime(), 50) + " / " + p(level.ownTime(), 99) + " | "
                    + Targets.problems(level) + " |");
        }
        long withoutCapacity = results.levels().stream().flatMap(l -> l.byType().values().stream())
                .mapToLong(EventTypeTotals.Snapshot::callsWithoutCapacity).sum();
        line("");
        line("Successful DynamoDB calls whose answer reported no consumed capacity: " + withoutCapacity + ". Capacity"
                + " units are as dynalite computes them from item sizes; it reports none for a Query that finds"
                + " nothing (the hand-out look-ups below), which AWS probably bills at half a read unit each (an"
                + " eventually consistent index read rounds up to one 4 KB unit).");
        results.levels().stream().filter(l -> !l.problemSamples().isEmpty()).forEach(l -> line("- Problems in "
                + l.scenario() + " at " + l.callers() + " callers (first few): " + String.join("; ",
                        l.problemSamples())));
    }

    private void callsPerEvent() {
        section("## DynamoDB calls per event");
        int fewest = results.plan().callers().get(0);
        line("Two-queue lifecycle at " + fewest + (fewest == 1 ? " caller" : " callers") + ": mean per event, by"
                + " purpose."
                + " The target counts routing calls only; recording the bot's replies after its webhook calls is"
                + " webhook work, and looking for (and serving) waiting conversations after a release is hand-out"
                + " work.");
        line("");
        line("| event | routing calls | routing, max seen | target | recording bot replies | hand-out work"
                + " | RCU | WCU | webhook calls |");
        line("|---|---|---:|---:|---|---|---:|---:|---:|");
        var first = results.level(TwoQueueLifecycle.NAME, results.plan().callers().get(0));
        int worstAcrossLevels;
        for (String type : Targets.LIFECYCLE_ORDER) {
            var totals = first.map(l -> l.byType().get(type)).orElse(null);
            if (totals == null) {
                line("| `" + type + "` | not measured | | | | | | | |");
                continue;
            }
            worstAcrossLevels = results.levels(TwoQueueLifecycle.NAME).stream().map(l -> l.byType().get(type))
                    .filter(Objects::nonNull).mapToInt(EventTypeTotals.Snapshot::maxRoutingCalls).max()
                    .orElse(-1);
            line("| `" + type + "` | " + calls(totals, CallPurpose.ROUTING) + " | " + worstAcrossLevels + " | "
                    + Targets.MAX_ROUTING_CALLS.get(type) + " | " + calls(totals, CallPurpose.BOT_REPLIES) + " | "
                    + calls(totals, CallPurpose.HAND_OUT) + " | " + num(totals.perEvent(totals.readUnits()), 2)
                    + " | " + num(totals.perEvent(totals.writeUnits()), 2) + " | "
                    + num(totals.perEvent(totals.webhookCalls()), 1) + " |");
        }
        line("");
        line("What each routing call is for (the application code, as the README's Architecture section describes"
                + " it):");
        line("- `conversation.start`: one BatchGetItem reads the queue and looks for the conversation id (a repeat"
                + " of the event finds its conversation); a Query of the room index per kind needed (two for `any`)"
                + " suggests a few candidates, one BatchGetItem reads them; one UpdateItem claims capacity on the best"
                + " (check and claim in one conditional write, the claim kept on the participant); one PutItem"
                + " creates the conversation (conditional on its absence, with the event's record); one PutItem"
                + " settles the claim into its own item and one UpdateItem takes it off the participant; the claim's"
                + " mirror is an UpdateItem of the member entry, a PutItem of the new room item and a DeleteItem of"
                + " the old. A start that waits takes a ticket of the line (UpdateItem of the queue) instead. A bot"
                + " assignee adds one PutItem recording its greeting after the webhook calls.");
        line("- `conversation.escalate` and `conversation.transfer-to-bot`: GetItem of the conversation (its version"
                + " for the conditional write, and repeat detection); GetItem of the target queue; the room index's"
                + " Query and BatchGetItem of the few it suggests; UpdateItem claim; UpdateItem marking the previous"
                + " holder's release on it; PutItem of the conversation conditional on the version read (the commit"
                + " point); the claim's settle (PutItem, UpdateItem) and mirror (three writes); then the release:"
                + " UpdateItem marking the claim's item released, UpdateItem giving the units back, and its mirror."
                + " The release then looks for waiting conversations the freed capacity could serve: one BatchGetItem"
                + " of its queues' line counters, and a Query of the `waiting` index only for a line where someone"
                + " may wait — counted as hand-out work.");
        line("- `conversation.end`: GetItem of the conversation, UpdateItem marking the release, PutItem (conditional"
                + " on its version), the release's two writes and its mirror; then the same hand-out look.");
    }

    private String calls(EventTypeTotals.Snapshot totals, CallPurpose purpose) {
        Map<String, Long> byOperation = totals.calls().getOrDefault(purpose, Map.of());
        if (byOperation.isEmpty()) {
            return "0";
        }
        String detail = byOperation.entrySet().stream()
                .map(e -> e.getKey() + " " + num(totals.perEvent(e.getValue()), 2))
                .collect(Collectors.joining(", "));
        return num(totals.perEvent(totals.calls(purpose)), 2) + " (" + detail + ")";
    }

    private void lifecycle() {
        section("## Per conversation lifecycle");
        line("Start, escalate, transfer-to-bot and end of one conversation, all purposes included.");
        line("");
        line("| callers | lifecycles | DynamoDB calls | RCU | WCU | webhook calls | cond. failures |");
        line("|---:|---:|---:|---:|---:|---:|---:|");
        for (LevelResult level : results.levels(TwoQueueLifecycle.NAME)) {
            line("| " + level.callers() + " | " + level.units() + " | " + num(level.perUnit(s -> s.allCalls()), 2)
                    + " | " + num(level.perUnit(EventTypeTotals.Snapshot::readUnits), 2) + " | "
                    + num(level.perUnit(EventTypeTotals.Snapshot::writeUnits), 2) + " | "
                    + num(level.perUnit(s -> s.webhookCalls()), 2) + " | "
                    + num(level.perUnit(s -> s.conditionalFailures()), 3) + " |");
        }
    }

    private void hotQueue() {
        section("## Hot queue");
        line("| callers | events/s | p50 ms | p99 ms | DynamoDB calls/event | cond. failures/event | of which"
                + " hand-out calls/event | errors and unexpected answers |");
        line("|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (LevelResult level : results.levels(HotQueue.NAME)) {
            line("| " + level.callers() + " | " + num(level.eventsPerSecond(), 0) + " | " + p(level.latency(), 50)
                    + " | " + p(level.latency(), 99) + " | " + num(level.perEvent(s -> s.allCalls()), 2) + " | "
                    + num(level.perEvent(s -> s.conditionalFailures()), 3) + " | "
                    + num(level.perEvent(s -> s.calls(CallPurpose.HAND_OUT)), 2) + " | " + Targets.problems(level)
                    + " |");
        }
    }

    private void startup() {
        section("## Start-up");
        var first = results.startup().get(0);
        if (first.runs().isEmpty()) {
            line("Not measured: " + first.notMeasured() + ".");
            return;
        }
        line("`target/function.zip` unpacked as Lambda does; per run a fresh JVM constructs `FunqyStreamHandler`"
                + " and hands it one `queue.upsert` event (one write) against the benchmark's dynalite. Time from the"
                + " launch (the benchmark's clock just before it starts the process) and from the JVM's own start"
                + " time to the answer; the boot time Quarkus logs (\"started in\"; the rest is the JVM's own start,"
                + " loading the handler, and the first event); CPU time the process used until the answer (all"
                + " threads; less sensitive than wall time to other work on the machine); resident memory (VmRSS)"
                + " right after it; the first event's own time (from the handler's construction, in which Quarkus"
                + " starts, or from the end of the priming, to the answer); the machine's 1-minute load average just"
                + " before the run. The sets of flags run interleaved (run 1 of each, then run 2, ...;"
                + " each round starts one set later).");
        line("");
        var baseline = results.startup().stream().filter(r -> r.flags().equals(StartupMeasurement.C1_ONLY_FLAGS))
                .findFirst().orElse(first);
        long baselineMs = baseline.median(StartupMeasurement.StartupRun::sinceLaunchMs);
        long baselineKb = baseline.median(StartupMeasurement.StartupRun::residentKb);
        line("| flags | to first answer, median (range) ms | × " + baseline.flags().name() + " | resident MB,"
                + " median (range) | × " + baseline.flags().name() + " | CPU ms, median | first event ms,"
                + " median (range) | under " + Targets.MAX_STARTUP_MS + " ms | under " + Targets.MAX_RESIDENT_MB
                + " MB |");
        line("|---|---:|---:|---:|---:|---:|---:|---|---|");
        for (var series : results.startup()) {
            if (series.runs().isEmpty()) {
                line("| " + series.flags().name() + " | not measured: " + series.notMeasured() + " | | | | | | | |");
                continue;
            }
            long ms = series.median(StartupMeasurement.StartupRun::sinceLaunchMs);
            long kb = series.median(StartupMeasurement.StartupRun::residentKb);
            line("| " + series.flags().name() + " | " + ms + " (" + series.min(
                    StartupMeasurement.StartupRun::sinceLaunchMs) + "–" + series.max(
                            StartupMeasurement.StartupRun::sinceLaunchMs) + ") | "
                    + num((double) ms / baselineMs, 2) + " | " + kb / 1024 + " (" + series.min(
                            StartupMeasurement.StartupRun::residentKb) / 1024 + "–" + series.max(
                                    StartupMeasurement.StartupRun::residentKb) / 1024 + ") | "
                    + num((double) kb / baselineKb, 2) + " | " + series.median(StartupMeasurement.StartupRun::cpuMs)
                    + " | " + series.median(StartupMeasurement.StartupRun::firstEventMs) + " (" + series.min(
                            StartupMeasurement.StartupRun::firstEventMs) + "–" + series.max(
                                    StartupMeasurement.StartupRun::firstEventMs) + ")"
                    + " | " + (ms < Targets.MAX_STARTUP_MS ? "yes" : "no") + " | "
                    + (kb / 1024 < Targets.MAX_RESIDENT_MB ? "yes" : "no") + " |");
        }
        for (var series : results.startup()) {
            line("");
            line("**" + series.flags().name() + "**, JVM flags " + series.flags().shown() + ": "
                    + series.flags().why() + ".");
            if (series.runs().isEmpty()) {
                line("Not measured: " + series.notMeasured() + ".");
                continue;
            }
            var archive = series.archive();
            if (archive != null && archive.kind() == StartupMeasurement.Archive.AOT_CACHE) {
                line("The cache (" + archive.archiveBytes() / (1024 * 1024) + " MB) is used: a verification run"
                        + " with `-Xlog:class+load` loaded " + archive.loaded() + " classes, "
                        + archive.fromAppArchive() + " of them from it (the JDK's and the application's: the cache"
                        + " replaces the JDK's own archive); the rest (classes of Java 6 and older, such as"
                        + " joda-time, which Quarkus' Lambda object mapper registers, generated reflection accessors"
                        + " and lambdas, classes first loaded after the answer) from the jars.");
            } else if (archive != null) {
                line("The archive (" + archive.archiveBytes() / (1024 * 1024) + " MB) is used: a verification run"
                        + " with `-Xlog:class+load` loaded " + archive.loaded() + " classes, "
                        + archive.fromAppArchive() + " of them from it and " + archive.fromBaseArchive()
                        + " from the JDK's own archive; the rest (classes of Java 6 and older, such as joda-time,"
                        + " which Quarkus' Lambda object mapper registers, generated reflection accessors and"
                        + " lambdas, classes first loaded after the answer) from the jars.");
            }
            line("");
            line("| run | ms from launch | ms from JVM start | Quarkus boot ms | CPU ms | resident MB"
                    + " | first event ms | load average |");
            line("|---:|---:|---:|---:|---:|---:|---:|---:|");
            int run = 1;
            for (var r : series.runs()) {
                line("| " + run++ + " | " + r.sinceLaunchMs() + " | " + r.sinceJvmStartMs() + " | "
                        + r.quarkusBootMs() + " | " + r.cpuMs() + " | " + r.residentKb() / 1024 + " | "
                        + r.firstEventMs() + " | " + r.loadAverage() + " |");
            }
            line("| median | " + series.median(StartupMeasurement.StartupRun::sinceLaunchMs) + " | "
                    + series.median(StartupMeasurement.StartupRun::sinceJvmStartMs) + " | "
                    + series.median(StartupMeasurement.StartupRun::quarkusBootMs) + " | "
                    + series.median(StartupMeasurement.StartupRun::cpuMs) + " | "
                    + series.median(StartupMeasurement.StartupRun::residentKb) / 1024 + " | "
                    + series.median(StartupMeasurement.StartupRun::firstEventMs) + " | |");
        }
    }

    private void targets() {
        section("## Targets");
        line("| target | measured | |");
        line("|---|---|---|");
        for (var verdict : Targets.judge(results)) {
            line("| " + verdict.target() + " | " + verdict.measured() + " | " + verdict.metText() + " |");
        }
    }

    /** Issue 12's size table: the cost of a start (and of {@code queue.get}) by queue size, of a claim by load. */
    private void bySize() {
        section("## By size");
        line("One caller. \"× smallest\": the figure divided by the smallest size's. Issue 12's targets: at 5,000"
                + " members, calls and RCU per start within 1.5× of 10 members; a claim on a participant holding"
                + " 5,000 conversations within 1.5× the WCU of one holding 5.");
        line("");
        line("| queue members | start: calls | RCU | WCU | p50 | p99 | calls × smallest | RCU × smallest"
                + " | p50 × smallest | `queue.get`: calls | RCU | p50 | p99 |");
        line("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        var queues = results.scenarios().stream().filter(QueueOfSize.class::isInstance).map(QueueOfSize.class::cast)
                .toList();
        LevelResult smallestQueue = null;
        for (QueueOfSize scenario : queues) {
            var level = results.level(scenario.name(), 1).orElse(null);
            if (level == null) {
                line("| " + scenario.members() + " | not measured |||||||||||| |");
                continue;
            }
            smallestQueue = smallestQueue == null ? level : smallestQueue;
            line("| " + scenario.members() + " | " + perType(level, "conversation.start", smallestQueue)
                    + " | " + perType(level, "queue.get", null) + " |");
        }
        line("");
        line("| conversations held | start: calls | RCU | WCU | p50 | p99 | WCU × smallest | held when measured |");
        line("|---:|---:|---:|---:|---:|---:|---:|---|");
        LevelResult smallestHolder = null;
        for (HeavyHolder scenario : results.scenarios().stream().filter(HeavyHolder.class::isInstance)
                .map(HeavyHolder.class::cast).toList()) {
            var level = results.level(scenario.name(), 1).orElse(null);
            if (level == null) {
                line("| " + scenario.held() + " | not measured |||||| |");
                continue;
            }
            smallestHolder = smallestHolder == null ? level : smallestHolder;
            var start = level.byType().get("conversation.start");
            var first = smallestHolder.byType().get("conversation.start");
            var h = level.latencyByType().get("conversation.start");
            line("| " + scenario.held() + " | " + num(start.perEvent(start.allCalls()), 2) + " | "
                    + num(start.perEvent(start.readUnits()), 2) + " | " + num(start.perEvent(start.writeUnits()), 2)
                    + " | " + p(h, 50) + " | " + p(h, 99) + " | "
                    + num(start.perEvent(start.writeUnits()) / first.perEvent(first.writeUnits()), 2) + " | "
                    + (scenario.stoppedBy() == null ? "all " + scenario.reached()
                            : scenario.reached() + ", then refused: " + scenario.stoppedBy())
                    + " |");
        }
    }

    /** Issue 13's policies: a start under each assignment method, and a waiting start's place with priorities. */
    private void policies() {
        section("## Routing policies");
        line("One caller. \"× default\": the figure divided by the `highest-capacity` queue's, or by the line with no"
                + " priority in it.");
        line("");
        line("| scenario | start: calls | RCU | WCU | p50 | p99 | calls × default | RCU × default | p50 × default |");
        line("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        var policies = results.scenarios().stream().filter(PolicyStart.class::isInstance)
                .map(PolicyStart.class::cast).toList();
        LevelResult byDefault = null;
        LevelResult plainLine = null;
        for (PolicyStart scenario : policies) {
            var level = results.level(scenario.name(), 1).orElse(null);
            if (level == null) {
                line("| " + scenario.name() + " | not measured |||||||| |");
                continue;
            }
            LevelResult base;
            if (scenario.method() != null) {
                byDefault = byDefault == null ? level : byDefault;
                base = byDefault;
            } else {
                plainLine = plainLine == null ? level : plainLine;
                base = plainLine;
            }
            line("| " + scenario.name() + " | " + perType(level, "conversation.start", base) + " |");
        }
        line("");
        line("Skills: \"× none\": the figure divided by the start that requires no skills in a queue of the same"
                + " members. Issue 13's target: 5 required skills over 1,000 members with 20 skills each within 1.5×"
                + " the calls and read units of routing without skills, met by a queue that indexes them"
                + " (`indexedSkills`: each change of a member's room then writes one more room item and deletes one"
                + " per indexed skill it has, 2 WCU each); without the index a look reads past the members ranked"
                + " ahead without them.");
        line("");
        line("| scenario | start: calls | RCU | WCU | p50 | p99 | calls × none | RCU × none | p50 × none |");
        line("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        LevelResult none = null;
        for (SkilledStart scenario : results.scenarios().stream().filter(SkilledStart.class::isInstance)
                .map(SkilledStart.class::cast).toList()) {
            var level = results.level(scenario.name(), 1).orElse(null);
            if (level == null) {
                line("| " + scenario.name() + " | not measured |||||||| |");
                continue;
            }
            none = none == null ? level : none;
            line("| " + scenario.name() + " | " + perType(level, "conversation.start", none) + " |");
        }
    }

    /** Issue 14's wrap-up: what a representative's end costs with and without it, and what the done costs. */
    private void wrapUp() {
        section("## Wrap-up");
        line("One caller. \"× no wrap-up\": the figure divided by the same event's in the queue without wrap-up.");
        line("");
        line("| scenario | event | calls | RCU | WCU | p50 | p99 | calls × no wrap-up | RCU × no wrap-up"
                + " | p50 × no wrap-up |");
        line("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        LevelResult without = null;
        for (WrapUpEnd scenario : results.scenarios().stream().filter(WrapUpEnd.class::isInstance)
                .map(WrapUpEnd.class::cast).toList()) {
            var level = results.level(scenario.name(), 1).orElse(null);
            if (level == null) {
                line("| " + scenario.name() + " | not measured ||||||||| |");
                continue;
            }
            without = scenario.wrapsUp() ? without : level;
            for (String type : java.util.List.of("conversation.start", "conversation.end",
                    "participant.wrap-up-done")) {
                if (level.byType().containsKey(type)) {
                    boolean compared = without != null && without.byType().containsKey(type);
                    line("| " + scenario.name() + " | `" + type + "` | "
                            + (compared ? perType(level, type, without) : alone(level, type)) + " |");
                }
            }
        }
    }

    /**
     * Issue 14's offers: an escalation a queue gives at once, against one it offers and the accept that follows; the
     * target is that the two together make at most 2 calls more than the one.
     */
    private void offers() {
        section("## Offers");
        line("One caller, representatives without desks. \"Per conversation\": the escalation's calls, plus the"
                + " accept's when it is offered; the target is at most 2 more than given at once.");
        line("");
        line("| scenario | event | calls | RCU | WCU | p50 | p99 |");
        line("|---|---|---:|---:|---:|---:|---:|");
        Double direct = null;
        Double offered = null;
        for (EscalationOffer scenario : results.scenarios().stream().filter(EscalationOffer.class::isInstance)
                .map(EscalationOffer.class::cast).toList()) {
            var level = results.level(scenario.name(), 1).orElse(null);
            if (level == null) {
                line("| " + scenario.name() + " | not measured | | | | | |");
                continue;
            }
            double calls = 0;
            for (String type : java.util.List.of("conversation.escalate", "conversation.accept")) {
                var t = level.byType().get(type);
                if (t != null) {
                    calls += t.perEvent(t.allCalls());
                    line("| " + scenario.name() + " | `" + type + "` | " + figures(level, type) + " |");
                }
            }
            if (scenario.offers()) {
                offered = calls;
            } else {
                direct = calls;
            }
        }
        line("");
        line(direct == null || offered == null ? "Per conversation: not measured."
                : "Per conversation: " + num(direct, 2) + " calls given at once, " + num(offered, 2)
                        + " offered and accepted: " + num(offered - direct, 2) + " more (target: at most 2).");
    }

    /** Issue 14's way out of a bot/person deadlock: an escalation that waits, then a hand-back that swaps with it. */
    private void handBacks() {
        section("## Hand-backs and swaps");
        line("One caller; every bot and the representative full, the cycle built fresh for each unit.");
        line("");
        line("| event | calls | RCU | WCU | p50 | p99 |");
        line("|---|---:|---:|---:|---:|---:|");
        var level = results.level(HandBackSwap.NAME, 1).orElse(null);
        for (String type : java.util.List.of("conversation.escalate", "conversation.transfer-to-bot")) {
            String what = type.equals("conversation.escalate") ? "`conversation.escalate` that waits (nothing to swap)"
                    : "`conversation.transfer-to-bot` with `waitForBot` that swaps";
            line("| " + what + " | " + (level == null ? "not measured | | | | " : figures(level, type)) + " |");
        }
    }

    /** A type's calls, RCU, WCU, p50 and p99 per event, with nothing to compare them to (dashes for the ratios). */
    private String alone(LevelResult level, String type) {
        return figures(level, type) + " | — | — | —";
    }

    /** A type's calls, RCU, WCU, p50 and p99 per event. */
    private String figures(LevelResult level, String type) {
        var t = level.byType().get(type);
        var h = level.latencyByType().get(type);
        if (t == null || h == null) {
            return "not measured | | | | ";
        }
        return num(t.perEvent(t.allCalls()), 2) + " | " + num(t.perEvent(t.readUnits()), 2) + " | "
                + num(t.perEvent(t.writeUnits()), 2) + " | " + p(h, 50) + " | " + p(h, 99);
    }

    /**
     * A type's calls, RCU, WCU, p50 and p99 per event; with {@code smallest}, also its calls, RCU and p50 as ratios to
     * the same type's there.
     */
    private String perType(LevelResult level, String type, LevelResult smallest) {
        var t = level.byType().get(type);
        var h = level.latencyByType().get(type);
        if (t == null || h == null) {
            return "not measured | | | | " + (smallest == null ? "" : "| | | ");
        }
        String figures = num(t.perEvent(t.allCalls()), 2) + " | " + num(t.perEvent(t.readUnits()), 2) + " | "
                + (smallest == null ? "" : num(t.perEvent(t.writeUnits()), 2) + " | ") + p(h, 50) + " | " + p(h, 99);
        if (smallest == null) {
            return figures;
        }
        var s = smallest.byType().get(type);
        var sh = smallest.latencyByType().get(type);
        return figures + " | " + num(t.perEvent(t.allCalls()) / s.perEvent(s.allCalls()), 2) + " | "
                + num(t.perEvent(t.readUnits()) / s.perEvent(s.readUnits()), 2) + " | "
                + num((double) h.getValueAtPercentile(50) / sh.getValueAtPercentile(50), 2);
    }

    private static String p(Histogram histogram, double percentile) {
        return ms(histogram.getValueAtPercentile(percentile));
    }

    private void section(String heading) {
        line("");
        line(heading);
        line("");
    }

    private void line(String text) {
        out.append(text).append('\n');
    }
}
