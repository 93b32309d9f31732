package dev.handoff.router.benchmark;

/**
 * Why the router made a DynamoDB call, told from the application frames on the calling thread's stack. The issue's
 * targets count routing calls only: recording a bot's replies belongs to the webhook work, telling the channel and
 * desks too (reading a desk's transcript, recording what was posted), and handing out freed capacity to waiting
 * conversations is work of its own.
 */
enum CallPurpose {
    ROUTING("routing"),
    HAND_OUT("hand-out to waiting lines"),
    BOT_REPLIES("recording a bot's replies"),
    NOTICES("telling the channel and desks");

    private static final String APPLICATION = "dev.handoff.router.application.";
    private static final StackWalker STACK = StackWalker.getInstance();

    private final String label;

    CallPurpose(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    /** The purpose of the DynamoDB call being made now on this thread. */
    static CallPurpose ofCurrentCall() {
        return STACK.walk(frames -> frames
                .filter(frame -> frame.getClassName().startsWith(APPLICATION))
                .map(CallPurpose::of)
                // The outermost hand-out or delivery frame decides: a delivery inside a hand-out is hand-out work.
                .reduce(ROUTING, (inner, outer) -> outer != ROUTING ? outer : inner));
    }

    private static CallPurpose of(StackWalker.StackFrame frame) {
        String type = frame.getClassName().substring(APPLICATION.length());
        String method = frame.getMethodName();
        if (type.equals("HandOuts") && (method.equals("fill") || method.equals("offer"))) {
            return HAND_OUT;
        }
        if (type.equals("BotDeliveries") && method.equals("deliverOwed")
                || type.equals("OwedMessages") && method.equals("deliver")) {
            return BOT_REPLIES;
        }
        if (type.equals("OwedNotices") && method.equals("post")) {
            return NOTICES;
        }
        return ROUTING;
    }
}
