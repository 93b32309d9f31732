package dev.handoff.router.adapters.metrics;

import software.amazon.cloudwatchlogs.emf.model.Unit;

/**
 * Every metric the router emits, with its unit: the one list, which {@code infra/template.yaml}'s dashboard and
 * alarms are checked against ({@code InfraTemplateTest}).
 */
public enum MetricName {
    /** 1 per event handled, by {@link Dimension#EVENT_TYPE} and {@link Dimension#OUTCOME}. */
    EVENTS_HANDLED("EventsHandled", Unit.COUNT),
    /** How long an event took, from decoding to the answer (DynamoDB and webhook calls included). */
    ROUTING_TIME("RoutingTime", Unit.MILLISECONDS),
    /** Conditional writes DynamoDB refused while an event (or a sweep) was handled. */
    CONDITIONAL_CHECK_FAILURES("ConditionalCheckFailures", Unit.COUNT),
    /** A line's length when a conversation joined it, by {@link Dimension#QUEUE_ID} and {@link Dimension#LINE}. */
    CONVERSATIONS_WAITING("ConversationsWaiting", Unit.COUNT),
    /** How long the longest-waiting conversation a participant could take waited, when it was handed out. */
    LONGEST_WAIT_SECONDS("LongestWaitSeconds", Unit.SECONDS),
    /** Bot calls that failed after their retries, by {@link Dimension#BOT_CALL}. */
    BOT_DELIVERY_FAILURES("BotDeliveryFailures", Unit.COUNT),
    /** Notices that failed after their retries, by {@link Dimension#RECIPIENT}. */
    NOTICE_FAILURES("NoticeFailures", Unit.COUNT),
    /** What a sweep found left by crashed or cut-short steps, by {@link Dimension#LEFTOVER}. */
    SWEEPER_LEFTOVERS("SweeperLeftovers", Unit.COUNT);

    private final String metric;
    private final Unit unit;

    MetricName(String metric, Unit unit) {
        this.metric = metric;
        this.unit = unit;
    }

    /** The name in CloudWatch. */
    public String metric() {
        return metric;
    }

    public Unit unit() {
        return unit;
    }

    /** The dimensions the router sets: each value from a bounded set, never an id of a conversation or customer. */
    public enum Dimension {
        EVENT_TYPE("EventType"),
        OUTCOME("Outcome"),
        QUEUE_ID("QueueId"),
        /** The waiting line: the kind of participant needed ({@code any}, {@code bot}, {@code representative}). */
        LINE("Line"),
        /** {@code arrival} or {@code message}. */
        BOT_CALL("BotCall"),
        /** {@code channel} (the customer's) or {@code desk} (a representative's). */
        RECIPIENT("Recipient"),
        /** {@code owed-deliveries}, {@code orphan-claims} or {@code hand-outs}. */
        LEFTOVER("Leftover");

        private final String dimension;

        Dimension(String dimension) {
            this.dimension = dimension;
        }

        /** The name in CloudWatch. */
        public String dimension() {
            return dimension;
        }
    }
}
