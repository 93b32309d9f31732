package dev.handoff.router.application;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Short stable digests for keys and ids derived from events. */
public final class Hashing {
    private Hashing() {
    }

    /** The first {@code hexChars} hex characters of SHA-256 over the parts joined by a separator no id contains. */
    public static String sha256Hex(int hexChars, String... parts) {
        try {
            var digest = MessageDigest.getInstance("SHA-256");
            for (String part : parts) {
                digest.update(part.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            }
            return HexFormat.of().formatHex(digest.digest()).substring(0, hexChars);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /**
     * A webhook call's fixed id (Standard Webhooks' {@code webhook-id}), derived from what the call is, so every try of
     * it, by whichever step, carries the same id and the receiver can tell a repeat.
     */
    public static String webhookId(String... parts) {
        return "msg_" + sha256Hex(32, parts);
    }
}
