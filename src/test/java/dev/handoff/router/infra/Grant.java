package dev.handoff.router.infra;

/**
 * One DynamoDB permission in the form both sides are compared in: an IAM action on a logical table (its name without
 * the prefix), or on one of its indexes.
 *
 * @param index null for the table itself
 */
record Grant(String action, String table, String index) implements Comparable<Grant> {

    @Override
    public int compareTo(Grant other) {
        return toString().compareTo(other.toString());
    }

    @Override
    public String toString() {
        return action + " on " + table + (index == null ? "" : "/index/" + index);
    }
}
