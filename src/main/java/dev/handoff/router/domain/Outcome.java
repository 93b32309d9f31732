package dev.handoff.router.domain;

/**
 * What a routing event did, kept with the event's record so that a repeat of the event is answered the same.
 *
 * @param status   assigned, waiting or ended
 * @param assignee who held the conversation when the event finished; null when nobody
 * @param position 1-based place in the waiting line; null unless waiting
 * @param greeting the greeting of the bot the event handed the conversation to; null unless one greeted
 * @param delivery how that bot's calls ended (CONTRACT §3); null when the event handed it to no bot, or while the
 *                 calls are still owed
 * @param sequence for a message: its place in the transcript; else null
 */
public record Outcome(ConversationStatus status, String queueId, Assignee assignee, Integer position,
        Greeting greeting, BotDelivery delivery, Long sequence) {

    public Outcome withDelivery(Greeting newGreeting, BotDelivery newDelivery) {
        return new Outcome(status, queueId, assignee, position, newGreeting, newDelivery, sequence);
    }

    public Outcome withSequence(long messageSequence) {
        return new Outcome(status, queueId, assignee, position, greeting, delivery, messageSequence);
    }
}
