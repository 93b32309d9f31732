package dev.handoff.router.domain;

/**
 * The customer a conversation is with.
 *
 * @param name   may be null
 * @param locale the customer's language as a BCP 47 tag ({@code en-US}); null when not known. Bots receive it as the
 *               activities' {@code locale}.
 */
public record Customer(String id, String name, String locale) {

    public Customer(String id, String name) {
        this(id, name, null);
    }
}
