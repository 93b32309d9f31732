package dev.handoff.router.application;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import dev.handoff.router.application.Answers.Answer;
import dev.handoff.router.application.Answers.RoutingAnswer;
import dev.handoff.router.application.Commands.Command;
import dev.handoff.router.application.ScriptedBots.Behaviour;
import dev.handoff.router.domain.Conversation;
import dev.handoff.router.domain.Customer;
import dev.handoff.router.domain.KindNeeded;
import dev.handoff.router.domain.Participant;
import dev.handoff.router.domain.ParticipantKind;
import dev.handoff.router.domain.Presence;
import dev.handoff.router.domain.Queue;
import dev.handoff.router.domain.Rejection;
import dev.handoff.router.domain.Webhook;
import dev.handoff.router.testing.RecordingMetrics;
import dev.handoff.router.testing.memory.InMemoryChannelStore;
import dev.handoff.router.testing.memory.InMemoryConversationStore;
import dev.handoff.router.testing.memory.InMemoryEventLedger;
import dev.handoff.router.testing.memory.InMemoryMemberStore;
import dev.handoff.router.testing.memory.InMemoryParticipantStore;
import dev.handoff.router.testing.memory.InMemoryQueueStore;
import dev.handoff.router.testing.memory.InMemoryTimers;
import dev.handoff.router.testing.memory.InMemoryTranscriptStore;

/**
 * The application wired by hand, as CDI wires it in the function, over in-memory stores, scripted bots and a settable
 * clock. Events are sent as commands (the decoder has its own tests); a rejection is thrown, as the use cases throw it.
 */
final class InMemoryRouter {
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    final SettableClock clock = new SettableClock(Instant.parse("2026-11-26T10:00:00Z"));
    final ScriptedBots bots = new ScriptedBots();
    final InMemoryConversationStore conversations = new InMemoryConversationStore();
    final InMemoryParticipantStore participants = new InMemoryParticipantStore(clock);
    final InMemoryTranscriptStore transcripts = new InMemoryTranscriptStore();
    final InMemoryChannelStore channels = new InMemoryChannelStore();
    final InMemoryMemberStore members;
    final ScriptedListeners listeners = new ScriptedListeners();
    final RecordingMetrics metrics = new RecordingMetrics();
    private final AtomicInteger ids = new AtomicInteger();
    private final Router router;
    private final Sweeper sweeper;
    private final WaitDeadlines deadlines;
    final InMemoryTimers timers = new InMemoryTimers();

    final InMemoryQueueStore queues = new InMemoryQueueStore(conversations);

    InMemoryRouter() {
        var config = new TestConfig(Duration.ofSeconds(30), Duration.ofSeconds(5));
        var directory = new QueueDirectory(queues, config, clock);
        members = new InMemoryMemberStore(directory);
        var claims = new Claims(participants, conversations, members);
        var lines = new Lines(queues, conversations);
        var activities = new BotActivities(config);
        var deliveries = new BotDeliveries(bots, conversations, participants, queues, claims, activities,
                transcripts, metrics, clock, lines, timers);
        var webhooks = new WebhookDirectory(participants, channels, config, clock);
        var notices = new OwedNotices(conversations, transcripts, webhooks, listeners, metrics, lines, clock);
        var handOuts = new HandOuts(conversations, participants, queues, claims, deliveries, notices, config, metrics,
                clock, lines, timers);
        var answers = new EventAnswers(conversations, deliveries, handOuts, notices, config, metrics, clock, lines,
                timers);
        var steps = new ConversationSteps(conversations, answers, claims);
        var targets = new TargetQueues(queues);
        var owedMessages = new OwedMessages(conversations, transcripts, webhooks, bots,
                activities, config, metrics, clock);
        var overflows = new Overflows(queues);
        var swaps = new Swaps(conversations, participants, queues, claims, handOuts, deliveries, notices, lines,
                answers);
        var escalate = new EscalateConversation(steps, targets, claims, handOuts, answers, lines, overflows,
                deliveries, participants, swaps);
        var end = new EndConversation(steps, handOuts, answers, lines, claims);
        var botRequests = new BotRequests(escalate, end);
        var wrapUps = new WrapUps(conversations, steps, handOuts, answers);
        var offers = new Offers(conversations, steps, queues, participants, claims, handOuts, answers, lines, timers,
                notices);
        router = new Router(
                new StartConversation(queues, conversations, claims, handOuts, deliveries, answers, webhooks, lines,
                        overflows),
                escalate,
                new TransferToBot(steps, targets, claims, handOuts, deliveries, answers, lines, swaps),
                end,
                new Administration(queues, participants, members, channels, handOuts, new InMemoryEventLedger(),
                        url -> Optional.empty(), webhooks, directory, config),
                new Queries(conversations, transcripts, participants, queues, members),
                new ConversationMessages(conversations, transcripts, owedMessages, answers, botRequests, notices),
                wrapUps, offers);
        deadlines = new WaitDeadlines(conversations, queues, steps, claims, handOuts, overflows, deliveries, answers,
                lines, timers, clock, wrapUps, offers);
        sweeper = new Sweeper(conversations, participants, members, claims, deliveries, handOuts, owedMessages, botRequests,
                notices, config, clock, lines, deadlines, swaps);
    }

    /** An event as the decoder would hand it on: its id, its command, and the hash of its body. */
    record Event(String eventId, Command command, String bodyHash) {
        Event withBody(String otherBody) {
            return new Event(eventId, command, Hashing.sha256Hex(64, otherBody));
        }
    }

    Answer send(Event event) {
        var context = new EventContext(Hashing.sha256Hex(32, "/tests", event.eventId()), event.eventId(), "/tests",
                event.bodyHash(), clock.instant());
        return router.handle(context, event.command());
    }

    private Answer send(Command command) {
        String id = "e-" + ids.incrementAndGet();
        return send(new Event(id, command, Hashing.sha256Hex(64, id)));
    }

    WaitDeadlines deadlines() {
        return deadlines;
    }

    Sweeper sweeper() {
        return sweeper;
    }

    /** Fires the timers due by the clock, as the local timers' thread would; answers how many acted. */
    int fireTimers() {
        int acted = 0;
        for (var due : timers.dueBy(clock.instant())) {
            if (deadlines.fired(due)) {
                acted++;
            }
        }
        return acted;
    }

    // ---- admin

    void queue(String id) {
        send(new Commands.UpsertQueue(id, id, 1));
    }

    void queue(Queue settings) {
        send(new Commands.UpsertQueue(settings));
    }

    /** A representative serving several queues. */
    void representative(String id, int capacity, List<String> queues) {
        send(new Commands.UpsertParticipant(id, ParticipantKind.REPRESENTATIVE, id, capacity, queues,
                Presence.AVAILABLE, null));
    }

    void bot(String id, int capacity, String queue) {
        bot(id, capacity, queue, Behaviour.GREETS);
    }

    void bot(String id, int capacity, String queue, Behaviour behaviour) {
        bots.url(id, behaviour);
        upsertBot(id, capacity, queue);
    }

    void upsertBot(String id, int capacity, String queue) {
        send(new Commands.UpsertParticipant(id, ParticipantKind.BOT, id, capacity, List.of(queue), Presence.AVAILABLE,
                new Webhook("https://bots.example/" + id, SECRET)));
    }

    void representative(String id, int capacity, String queue) {
        representative(id, capacity, queue, (Webhook) null);
    }

    /** A representative with a desk webhook; a call to it would be recorded as one to {@code desk}. */
    void representative(String id, int capacity, String queue, String desk) {
        representative(id, capacity, queue, new Webhook(bots.url(desk, Behaviour.GREETS), SECRET));
    }

    private void representative(String id, int capacity, String queue, Webhook desk) {
        send(new Commands.UpsertParticipant(id, ParticipantKind.REPRESENTATIVE, id, capacity, List.of(queue),
                Presence.AVAILABLE, desk));
    }

    /** A representative whose desk is at {@code https://desks.example/<id>}. */
    void representativeWithDesk(String id, int capacity, String queue) {
        send(new Commands.UpsertParticipant(id, ParticipantKind.REPRESENTATIVE, id, capacity, List.of(queue),
                Presence.AVAILABLE, new Webhook(deskUrl(id), SECRET)));
    }

    static String deskUrl(String representative) {
        return "https://desks.example/" + representative;
    }

    /** A channel whose webhook is at {@code https://channels.example/<id>}. */
    void channel(String id) {
        send(new Commands.UpsertChannel(id, new Webhook(channelUrl(id), SECRET)));
    }

    static String channelUrl(String channel) {
        return "https://channels.example/" + channel;
    }

    /** What a channel or a desk was posted, as {@code type} or {@code type:detail} lines, in the order posted. */
    List<String> told(String url) {
        return listeners.postsTo(url).stream().map(post -> switch (post.type()) {
            case "message" -> "message:" + ((Map<?, ?>) post.body().get("from")).get("participantId") + ": "
                    + post.body().get("text");
            case "assigned" -> post.body().containsKey("assignee")
                    ? "assigned:" + ((Map<?, ?>) post.body().get("assignee")).get("participantId")
                    : "assigned";
            case "waiting" -> "waiting:" + post.body().get("position");
            default -> post.type();
        }).toList();
    }

    void presence(String id, Presence presence) {
        send(new Commands.ChangePresence(id, presence));
    }

    // ---- routing

    /** The start of a conversation; its event id derives from the conversation, so a second call is a repeat. */
    Event startEvent(String conversation, String queue) {
        var command = new Commands.Start(conversation, queue, new Customer("cust-" + conversation, null), null,
                Map.of("orderId", "A-1"));
        return new Event("start-" + conversation, command, Hashing.sha256Hex(64, "start", conversation, queue));
    }

    RoutingAnswer start(String conversation, String queue) {
        return (RoutingAnswer) send(startEvent(conversation, queue));
    }

    RoutingAnswer start(String conversation, String queue, String channel) {
        var command = new Commands.Start(conversation, queue, new Customer("cust-" + conversation, null), channel,
                Map.of("orderId", "A-1"));
        return (RoutingAnswer) send(new Event("start-" + conversation, command,
                Hashing.sha256Hex(64, "start", conversation, queue, channel)));
    }

    RoutingAnswer start(String conversation, String queue, int priority) {
        var command = new Commands.Start(conversation, queue, new Customer("cust-" + conversation, null), null,
                Map.of("orderId", "A-1"), priority);
        return (RoutingAnswer) send(new Event("start-" + conversation, command,
                Hashing.sha256Hex(64, "start", conversation, queue, Integer.toString(priority))));
    }

    RoutingAnswer escalate(String conversation, String by, Integer priority) {
        return (RoutingAnswer) send(new Commands.Escalate(conversation, by, null, null, Map.of(), priority));
    }

    /** A start that requires {@code skills}. */
    RoutingAnswer start(String conversation, String queue, dev.handoff.router.domain.Skills skills) {
        var command = new Commands.Start(conversation, queue, new Customer("cust-" + conversation, null), null,
                Map.of(), 0, skills);
        return (RoutingAnswer) send(new Event("start-" + conversation, command,
                Hashing.sha256Hex(64, "start", conversation, queue, skills.signature())));
    }

    /** A representative of one queue with {@code skills}. */
    void representative(String id, int capacity, String queue, dev.handoff.router.domain.Skills skills) {
        send(new Commands.UpsertParticipant(id, ParticipantKind.REPRESENTATIVE, id, capacity, List.of(queue),
                Presence.AVAILABLE, null, skills));
    }

    /** A transfer to the representative named, waiting for it up to {@code waitSeconds} (null: not at all). */
    RoutingAnswer transfer(String conversation, String by, String named, Integer waitSeconds) {
        return (RoutingAnswer) send(new Commands.Transfer(conversation, by, null, named, Map.of(), null,
                dev.handoff.router.domain.Skills.NONE, waitSeconds));
    }

    /** A representative's transfer to a queue, for anyone of it. */
    RoutingAnswer transferTo(String conversation, String by, String queue) {
        return (RoutingAnswer) send(new Commands.Transfer(conversation, by, queue, null, Map.of(), null,
                dev.handoff.router.domain.Skills.NONE, null));
    }

    RoutingAnswer escalateTo(String conversation, String by, String queue) {
        return (RoutingAnswer) send(new Commands.Escalate(conversation, by, queue, null, Map.of()));
    }

    RoutingAnswer escalate(String conversation, String by) {
        return (RoutingAnswer) send(new Commands.Escalate(conversation, by, null, null, Map.of()));
    }

    RoutingAnswer transferToBot(String conversation, String by, String targetQueue, String targetParticipant) {
        return (RoutingAnswer) send(new Commands.TransferToBot(conversation, by, targetQueue, targetParticipant,
                Map.of()));
    }

    /** A transfer back to a bot of {@code targetQueue} that waits for one when none can take it now. */
    RoutingAnswer transferToBotWaiting(String conversation, String by, String targetQueue) {
        return (RoutingAnswer) send(new Commands.TransferToBot(conversation, by, targetQueue, null, Map.of(), null,
                dev.handoff.router.domain.Skills.NONE, true));
    }

    Answers.MessageAnswer say(String conversation, String from, String text) {
        return (Answers.MessageAnswer) send(new Commands.Say(conversation, from, text));
    }

    Event sayEvent(String conversation, String from, String text) {
        String id = "say-" + ids.incrementAndGet();
        return new Event(id, new Commands.Say(conversation, from, text), Hashing.sha256Hex(64, id, text));
    }

    /** The transcript as {@code speaker: text} lines, in order. */
    List<String> transcript(String conversation) {
        return transcripts.page(conversation, 0, 100).messages().stream()
                .map(m -> m.from().id() + ": " + m.text()).toList();
    }

    RoutingAnswer end(String conversation, String by) {
        return (RoutingAnswer) send(new Commands.End(conversation, by));
    }

    /** {@code participant.wrap-up-done}; its event id derives from both, so a second call is a repeat. */
    RoutingAnswer wrapUpDone(String participant, String conversation) {
        return (RoutingAnswer) send(new Event("done-" + participant + "-" + conversation,
                new Commands.WrapUpDone(participant, conversation), Hashing.sha256Hex(64, participant, conversation)));
    }

    /** {@code conversation.accept}; its event id derives from both, so a second call is a repeat. */
    RoutingAnswer accept(String participant, String conversation) {
        return (RoutingAnswer) send(new Event("accept-" + participant + "-" + conversation,
                new Commands.AnswerOffer(conversation, participant, true),
                Hashing.sha256Hex(64, "accept", participant, conversation)));
    }

    /** {@code conversation.decline}; its event id derives from both, so a second call is a repeat. */
    RoutingAnswer decline(String participant, String conversation) {
        return (RoutingAnswer) send(new Event("decline-" + participant + "-" + conversation,
                new Commands.AnswerOffer(conversation, participant, false),
                Hashing.sha256Hex(64, "decline", participant, conversation)));
    }

    // ---- state

    Answers.ParticipantAnswer participantGet(String participant, String after, int limit) {
        return (Answers.ParticipantAnswer) send(new Commands.GetParticipant(participant, after, limit));
    }

    Answers.QueueAnswer queueGet(String queue, String after, int limit) {
        return (Answers.QueueAnswer) send(new Commands.GetQueue(queue, after, limit));
    }

    Answers.QueueListAnswer queueList(String after, int limit) {
        return (Answers.QueueListAnswer) send(new Commands.ListQueues(after, limit));
    }

    Conversation conversation(String id) {
        return conversations.find(id).orElseThrow(Rejection::noSuchConversation);
    }

    Participant participant(String id) {
        return participants.find(id).orElseThrow();
    }

    int load(String id) {
        return participant(id).load();
    }

    int capacityOf(String id) {
        return participant(id).capacity();
    }

    List<String> waiting(String queue, KindNeeded line) {
        return conversations.oldestWaiting(queue, line, 1000).stream().map(w -> w.conversationId()).toList();
    }

    /** The timeline as {@code event:participant} steps, in order. */
    List<String> timeline(String conversation) {
        return conversation(conversation).timeline().stream()
                .map(e -> e.participantId() == null ? e.event() : e.event() + ":" + e.participantId())
                .toList();
    }

    List<ScriptedBots.Call> callsTo(String bot) {
        return bots.calls().stream().filter(c -> c.botUrl().endsWith("/" + bot)).toList();
    }
}
