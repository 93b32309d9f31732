package dev.handoff.router.benchmark;

/** A workload the benchmark runs at each concurrency: fresh set-up, then units of work by each caller. */
interface Scenario {
    String name();

    /** What a unit of work is, for the report. */
    String description();

    /** Measured events in one unit of work. */
    int eventsPerUnit();

    /** Sets up fresh queues, participants or items (unique ids) for a run with this many callers. */
    void prepare(int callers);

    /** One unit of work by caller number {@code caller} (0-based), measured on {@code measurements}. */
    void runUnit(int caller, Measurements measurements);
}
