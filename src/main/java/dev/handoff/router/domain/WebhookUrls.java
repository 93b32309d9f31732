package dev.handoff.router.domain;

import java.util.Optional;

/** Which webhook URLs the router may call: checked when a webhook is registered and again before each call. */
public interface WebhookUrls {

    /** Why the URL may not be called, or empty when it may. The reason names no secret. */
    Optional<String> refusal(String url);
}
