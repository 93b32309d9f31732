package dev.handoff.router.domain;

import java.time.Instant;

/**
 * A conversation offered to one representative of a queue with {@link OfferPolicy}: its capacity is held by
 * {@code holder}'s claim until it accepts ({@code conversation.accept}), declines, or {@code until} passes. Meanwhile
 * the conversation waits (out of its line) and its previous holder, if any, keeps the customer company.
 *
 * @param holder       the representative offered it, by the claim that holds its capacity
 * @param since        when it was offered
 * @param missesBefore the offers this representative had missed in a row when this one was made: an accept clears the
 *                     count only when there was one, so that the happy path writes nothing more
 */
public record Offer(Assignee holder, Instant since, Instant until, int missesBefore) {

    public boolean expiredBy(Instant now) {
        return !until.isAfter(now);
    }

    public boolean isTo(String participantId) {
        return holder.participantId().equals(participantId);
    }
}
