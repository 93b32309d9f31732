package dev.handoff.router.application;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.handoff.router.domain.BotChannel;
import dev.handoff.router.domain.BotSignal;
import dev.handoff.router.domain.Webhook;

/**
 * Bots for the application's unit tests, behind the {@link BotChannel} port: each answers as scripted (greets, fails
 * transiently, is gone) and every call is recorded. The HTTP channel itself (signing, retries, timeouts, the URL
 * policy) is tested end to end against real HTTP servers in {@code WebhookDeliveryTest}.
 */
final class ScriptedBots implements BotChannel {
    /** How a bot answers every call. */
    enum Behaviour {
        GREETS, SILENT, FAILS, GONE
    }

    record Call(String botUrl, String webhookId, String type, Map<String, Object> activity) {
    }

    private final Map<String, Behaviour> behaviours = new ConcurrentHashMap<>();
    private final List<Call> calls = new ArrayList<>();
    private volatile Runnable onEveryCall = () -> {
    };
    private volatile Runnable onMessage = () -> {
    };

    /** Something a bot does when it is sent a customer's message, before it answers: a test plays a slow bot here. */
    void onMessage(Runnable action) {
        onMessage = action;
    }

    /** Something every call does besides answering: a test moves its clock here to play slow bots. */
    void onEveryCall(Runnable action) {
        onEveryCall = action;
    }

    /** The URL a bot named {@code id} is registered with; its behaviour can be changed later. */
    String url(String id, Behaviour behaviour) {
        String url = "https://bots.example/" + id;
        behaviours.put(url, behaviour);
        return url;
    }

    void behave(String id, Behaviour behaviour) {
        behaviours.put("https://bots.example/" + id, behaviour);
    }

    synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    @Override
    public CallResult call(String participantId, Webhook webhook, String webhookId, Map<String, Object> activity) {
        String type = String.valueOf(activity.get("type"));
        synchronized (this) {
            calls.add(new Call(webhook.url(), webhookId, type, activity));
        }
        onEveryCall.run();
        if ("message".equals(type)) {
            onMessage.run();
        }
        return switch (behaviours.getOrDefault(webhook.url(), Behaviour.GREETS)) {
            case GREETS -> answer(type, String.valueOf(activity.get("text")), webhook.url());
            case SILENT -> CallResult.delivered(List.of()); // 2xx with no body: no replies
            case FAILS -> CallResult.failed(Status.TRANSIENT, "HTTP 503");
            case GONE -> CallResult.failed(Status.GONE, "HTTP 410");
        };
    }

    /**
     * A greeting to an arrival; to a message, "You said: …", and, as real bots do, a hand-off when the customer asks
     * for a person (Omnichannel's Escalate tag, with context) and the end when they say bye.
     */
    private static CallResult answer(String type, String text, String url) {
        return switch (type) {
            case "conversationUpdate" -> CallResult.delivered(List.of("Hi from " + url.substring(
                    url.lastIndexOf('/') + 1)));
            case "message" -> CallResult.delivered(List.of("You said: " + text),
                    text.contains("person") ? List.of(new BotSignal.Escalate(Map.of("reason", "asked for a person")))
                            : text.contains("bye") ? List.of(new BotSignal.End()) : List.of());
            default -> CallResult.delivered(List.of());
        };
    }

    static List<String> types(List<Call> calls) {
        return new ArrayList<>(calls.stream().map(Call::type).toList());
    }
}
