package dev.handoff.router.application;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.handoff.router.domain.BotChannel.CallResult;
import dev.handoff.router.domain.BotChannel.Status;
import dev.handoff.router.domain.NoticeChannel;
import dev.handoff.router.domain.Webhook;

/**
 * Channels and desks for the application's unit tests, behind the {@link NoticeChannel} port: every notice posted is
 * recorded with its webhook URL and id; a URL may be made to fail. The HTTP side is tested end to end against real
 * HTTP servers.
 */
final class ScriptedListeners implements NoticeChannel {
    record Post(String url, String webhookId, Map<String, Object> body) {
        String type() {
            return String.valueOf(body.get("type"));
        }
    }

    private final List<Post> posts = new ArrayList<>();
    private final Set<String> failing = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> failuresLeft = new ConcurrentHashMap<>();

    /** The next {@code times} posts to {@code url} fail (after the call's retries). */
    void failNext(String url, int times) {
        failuresLeft.put(url, times);
    }

    void fail(String url, boolean fails) {
        if (fails) {
            failing.add(url);
        } else {
            failing.remove(url);
        }
    }

    /** Every notice posted to {@code url}, in the order they were posted. */
    synchronized List<Post> postsTo(String url) {
        return posts.stream().filter(post -> post.url().equals(url)).toList();
    }

    @Override
    public synchronized CallResult post(String recipient, Webhook webhook, String webhookId,
            Map<String, Object> notice) {
        if (failing.contains(webhook.url())
                || failuresLeft.computeIfPresent(webhook.url(), (url, left) -> left == 0 ? null : left - 1) != null) {
            return CallResult.failed(Status.TRANSIENT, "HTTP 503");
        }
        posts.add(new Post(webhook.url(), webhookId, notice));
        return CallResult.delivered(List.of());
    }
}
