package dev.handoff.router.functions;

import java.net.URI;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import dev.handoff.router.application.Commands;
import dev.handoff.router.domain.AssignmentMethod;
import dev.handoff.router.domain.Customer;
import dev.handoff.router.domain.ParticipantKind;
import dev.handoff.router.domain.Presence;
import dev.handoff.router.domain.NamedWait;
import dev.handoff.router.domain.Skills;
import dev.handoff.router.domain.Queue;
import dev.handoff.router.domain.Webhook;

/** Decodings of the parts of {@code data} that several event types share (CONTRACT §1). */
final class EventData {
    static final int MAX_CONTEXT_ENTRIES = 64;
    static final int MAX_CONTEXT_BYTES = 16 * 1024;
    static final int MAX_CONTEXT_STRING = 2048;

    private EventData() {
    }

    /** BCP 47 in its common shape: a language, then subtags ({@code en}, {@code en-US}, {@code zh-Hant-TW}). */
    private static final Pattern LOCALE = Pattern.compile("[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*");

    static Customer customer(Fields customer) {
        String locale = customer.optionalString("locale", 35);
        if (locale != null && !LOCALE.matcher(locale).matches()) {
            throw Fields.invalid(customer.name("locale") + " must be a BCP 47 language tag such as en-US");
        }
        return new Customer(customer.string("id", 256), customer.optionalString("name", 256), locale);
    }

    static Commands.UpsertParticipant participant(Fields data) {
        String kindName = data.string("kind", 32);
        ParticipantKind kind;
        try {
            kind = ParticipantKind.fromWire(kindName);
        } catch (IllegalArgumentException e) {
            throw Fields.invalid(data.name("kind") + " must be bot or representative");
        }
        Fields webhook = data.optionalObject("webhook");
        // A bot's webhook is where its calls go; a representative's, optional, is its desk.
        if (kind == ParticipantKind.BOT && webhook == null) {
            throw Fields.invalid(data.name("webhook") + " is required for a bot");
        }
        return new Commands.UpsertParticipant(data.id("participantId"), kind, data.string("name", 256),
                data.integer("capacity", 1, 10_000, null), data.ids("queues", 100), presence(data, Presence.AVAILABLE),
                webhook == null ? null : webhook(webhook), skills(data, "skills"));
    }

    /**
     * Skills as events write them: an object of name to level, e.g. {@code {"billing": 3}}; none when absent.
     */
    static Skills skills(Fields data, String key) {
        return skills(data, key, Skills.MAX_SKILLS);
    }

    /** A routing event's {@code requiredSkills}: as {@link #skills}, at most {@link Skills#MAX_REQUIRED}. */
    static Skills requiredSkills(Fields data) {
        return skills(data, "requiredSkills", Skills.MAX_REQUIRED);
    }

    private static Skills skills(Fields data, String key, int most) {
        Fields given = data.optionalObject(key);
        if (given == null) {
            return Skills.NONE;
        }
        var names = given.raw().keySet();
        if (names.size() > most) {
            throw Fields.invalid(data.name(key) + " must have at most " + most + " skills");
        }
        var levels = new java.util.TreeMap<String, Integer>();
        for (String name : names) {
            if (!Skills.NAME.matcher(name).matches()) {
                throw Fields.invalid(data.name(key) + " has a skill name that is not a word of letters, digits, '.',"
                        + " '_' or '-' of at most 64 (starting with a letter or digit)");
            }
            levels.put(name, given.integer(name, Skills.MIN_LEVEL, Skills.MAX_LEVEL, null));
        }
        return Skills.of(levels);
    }

    /** {@code conversation.transfer}: {@code waitSeconds} only with the {@code targetParticipantId} it waits for. */
    static Commands.Transfer transfer(Fields data) {
        String named = data.optionalId("targetParticipantId");
        Integer waitSeconds = data.optionalInteger("waitSeconds", 1, NamedWait.MAX_WAIT_SECONDS);
        if (waitSeconds != null && named == null) {
            throw Fields.invalid(data.name("waitSeconds") + " is how long to wait for targetParticipantId, which is"
                    + " missing");
        }
        return new Commands.Transfer(data.id("conversationId"), data.id("requestedBy"),
                data.optionalId("targetQueueId"), named, context(data), priority(data), requiredSkills(data),
                waitSeconds);
    }

    static Commands.TransferToBot transferToBot(Fields data) {
        String named = data.optionalId("targetParticipantId");
        boolean waitForBot = data.flag("waitForBot");
        if (waitForBot && named != null) {
            throw Fields.invalid(data.name("waitForBot") + " waits for any bot of the target queue; it cannot be"
                    + " given with targetParticipantId");
        }
        return new Commands.TransferToBot(data.id("conversationId"), data.id("requestedBy"),
                data.optionalId("targetQueueId"), named, context(data), priority(data), requiredSkills(data),
                waitForBot);
    }

    static Commands.UpsertQueue queue(Fields data) {
        String queueId = data.id("queueId");
        return new Commands.UpsertQueue(new Queue(queueId, data.string("name", 256),
                data.integer("unitsPerConversation", 1, 1000, 1),
                data.integer("priority", Queue.MIN_PRIORITY, Queue.MAX_PRIORITY, Queue.DEFAULT_PRIORITY),
                data.decimal("agingPerMinute", Queue.MIN_AGING_PER_MINUTE, Queue.MAX_AGING_PER_MINUTE,
                        Queue.DEFAULT_AGING_PER_MINUTE),
                assignment(data), QueuePolicies.hours(data), QueuePolicies.overflow(data, queueId),
                QueuePolicies.skillRelaxation(data),
                data.integer("wrapUpSeconds", 0, Queue.MAX_WRAP_UP_SECONDS, 0), QueuePolicies.offer(data),
                QueuePolicies.indexedSkills(data)));
    }

    private static AssignmentMethod assignment(Fields data) {
        String value = data.optionalString("assignment", 32);
        if (value == null) {
            return AssignmentMethod.HIGHEST_CAPACITY;
        }
        try {
            return AssignmentMethod.fromWire(value);
        } catch (IllegalArgumentException e) {
            throw Fields.invalid(data.name("assignment")
                    + " must be highest-capacity, round-robin, most-idle or least-active");
        }
    }

    /** A hand-on's {@code priority}: the conversation's from then on; null (absent) keeps the one it has. */
    static Integer priority(Fields data) {
        return data.optionalInteger("priority", Queue.MIN_PRIORITY, Queue.MAX_PRIORITY);
    }

    /** @param absent the presence when the field is absent; null when the field is required */
    static Presence presence(Fields data, Presence absent) {
        String value = data.optionalString("presence", 32);
        if (value == null) {
            if (absent == null) {
                throw Fields.invalid(data.name("presence") + " is required");
            }
            return absent;
        }
        try {
            return Presence.fromWire(value);
        } catch (IllegalArgumentException e) {
            throw Fields.invalid(data.name("presence") + " must be available, busy or offline");
        }
    }

    static Webhook webhook(Fields webhook) {
        String url = webhook.string("url", 2048);
        URI uri;
        try {
            uri = new URI(url);
        } catch (Exception e) {
            throw Fields.invalid(webhook.name("url") + " must be an absolute http(s) URL");
        }
        if (uri.getScheme() == null || !Set.of("http", "https").contains(uri.getScheme().toLowerCase())
                || uri.getHost() == null) {
            throw Fields.invalid(webhook.name("url") + " must be an absolute http(s) URL");
        }
        String secret = webhook.string("secret", 512);
        if (!secret.startsWith("whsec_")) {
            throw Fields.invalid(webhook.name("secret") + " must be whsec_ followed by base64");
        }
        try {
            if (Base64.getDecoder().decode(secret.substring("whsec_".length())).length < 16) {
                throw Fields.invalid(webhook.name("secret") + " must hold at least 16 bytes");
            }
        } catch (IllegalArgumentException e) {
            throw Fields.invalid(webhook.name("secret") + " must be whsec_ followed by base64");
        }
        return new Webhook(url, secret);
    }

    /** Omnichannel's limit for one message: 28 KB of text. */
    static final int MAX_TEXT_BYTES = 28 * 1024;

    /** A message's text: not empty, at most {@link #MAX_TEXT_BYTES} in UTF-8. */
    static String text(Fields data) {
        String text = data.string("text", MAX_TEXT_BYTES);
        if (text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_TEXT_BYTES) {
            throw Fields.invalid(data.name("text") + " must be at most " + MAX_TEXT_BYTES / 1024 + " KB");
        }
        return text;
    }

    /** A flat object of string, number or boolean values (the Omnichannel context variables), bounded in size. */
    static Map<String, Object> context(Fields data) {
        Fields context = data.optionalObject("context");
        if (context == null) {
            return Map.of();
        }
        Map<String, Object> raw = context.raw();
        if (raw.size() > MAX_CONTEXT_ENTRIES) {
            throw Fields.invalid("data.context must have at most " + MAX_CONTEXT_ENTRIES + " entries");
        }
        int bytes = 0;
        var values = new LinkedHashMap<String, Object>();
        for (var entry : raw.entrySet()) {
            String key = entry.getKey();
            Object value = entry.getValue();
            String name = "data.context." + key;
            if (key.isEmpty() || key.length() > 128) {
                throw Fields.invalid("data.context keys must be 1 to 128 characters");
            }
            if ("customer".equals(key)) {
                throw Fields.invalid(name + " is reserved: the customer travels in data.customer");
            }
            if (value instanceof String text) {
                if (text.length() > MAX_CONTEXT_STRING) {
                    throw Fields.invalid(name + " must be at most " + MAX_CONTEXT_STRING + " characters");
                }
                bytes += text.length();
            } else if (value instanceof Number number) {
                if (number instanceof Double d && (d.isNaN() || d.isInfinite())) {
                    throw Fields.invalid(name + " must be a finite number");
                }
                bytes += 24;
            } else if (value instanceof Boolean) {
                bytes += 5;
            } else {
                throw Fields.invalid(name + " must be a string, number or boolean");
            }
            bytes += key.length();
            values.put(key, value);
        }
        if (bytes > MAX_CONTEXT_BYTES) {
            throw Fields.invalid("data.context must be at most " + MAX_CONTEXT_BYTES / 1024 + " KB in all");
        }
        return values;
    }
}
