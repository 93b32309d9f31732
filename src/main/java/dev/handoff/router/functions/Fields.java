package dev.handoff.router.functions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.handoff.router.domain.ErrorCode;
import dev.handoff.router.domain.Rejection;

/**
 * Typed reads of a decoded JSON object, each rejecting with {@code invalid_event} and the field's path. Messages name
 * the field and the rule, never the value (values may be customer context).
 */
final class Fields {
    /** Ids become DynamoDB keys, map keys and index keys: a safe alphabet, and never '#', the index separator. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}");

    private final Map<String, Object> values;
    private final String path;

    Fields(Map<String, Object> values, String path) {
        this.values = values;
        this.path = path;
    }

    static Rejection invalid(String message) {
        return new Rejection(ErrorCode.INVALID_EVENT, null, message);
    }

    /** Where these fields are in the event ({@code data.overflow[0].when}). */
    String path() {
        return path;
    }

    String name(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    boolean has(String key) {
        return values.get(key) != null;
    }

    String string(String key, int maxLength) {
        String value = optionalString(key, maxLength);
        if (value == null) {
            throw invalid(name(key) + " is required");
        }
        return value;
    }

    String optionalString(String key, int maxLength) {
        Object value = values.get(key);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text)) {
            throw invalid(name(key) + " must be a string");
        }
        if (text.isBlank()) {
            throw invalid(name(key) + " must not be empty");
        }
        if (text.length() > maxLength) {
            throw invalid(name(key) + " must be at most " + maxLength + " characters");
        }
        return text;
    }

    String id(String key) {
        String value = optionalId(key);
        if (value == null) {
            throw invalid(name(key) + " is required");
        }
        return value;
    }

    String optionalId(String key) {
        String value = optionalString(key, 128);
        if (value != null && !ID.matcher(value).matches()) {
            throw invalid(name(key) + " must be 1 to 128 letters, digits or . _ : @ - and start with a letter or digit");
        }
        return value;
    }

    int integer(String key, int min, int max, Integer absent) {
        Object value = values.get(key);
        if (value == null) {
            if (absent == null) {
                throw invalid(name(key) + " is required");
            }
            return absent;
        }
        if (!(value instanceof Integer || value instanceof Long)) {
            throw invalid(name(key) + " must be a whole number");
        }
        long number = ((Number) value).longValue();
        if (number < min || number > max) {
            throw invalid(name(key) + " must be between " + min + " and " + max);
        }
        return (int) number;
    }

    /** A whole number within bounds, or null when absent. */
    Integer optionalInteger(String key, int min, int max) {
        return has(key) ? integer(key, min, max, null) : null;
    }

    /** A true or false, false when absent. */
    boolean flag(String key) {
        Object value = values.get(key);
        if (value == null) {
            return false;
        }
        if (!(value instanceof Boolean flag)) {
            throw invalid(name(key) + " must be true or false");
        }
        return flag;
    }

    /** A number within bounds (a fraction allowed), or {@code absent} when the field is absent. */
    double decimal(String key, double min, double max, double absent) {
        Object value = values.get(key);
        if (value == null) {
            return absent;
        }
        if (!(value instanceof Number number)) {
            throw invalid(name(key) + " must be a number");
        }
        double decimal = number.doubleValue();
        if (!(decimal >= min && decimal <= max)) {
            throw invalid(name(key) + " must be between " + plain(min) + " and " + plain(max));
        }
        return decimal;
    }

    private static String plain(double number) {
        return java.math.BigDecimal.valueOf(number).stripTrailingZeros().toPlainString();
    }

    Fields object(String key) {
        Fields object = optionalObject(key);
        if (object == null) {
            throw invalid(name(key) + " is required");
        }
        return object;
    }

    @SuppressWarnings("unchecked")
    Fields optionalObject(String key) {
        Object value = values.get(key);
        if (value == null) {
            return null;
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw invalid(name(key) + " must be an object");
        }
        return new Fields((Map<String, Object>) map, name(key));
    }

    List<String> ids(String key, int maxItems) {
        Object value = values.get(key);
        if (value == null) {
            throw invalid(name(key) + " is required");
        }
        if (!(value instanceof List<?> list)) {
            throw invalid(name(key) + " must be an array of ids");
        }
        if (list.size() > maxItems) {
            throw invalid(name(key) + " must have at most " + maxItems + " entries");
        }
        var ids = new ArrayList<String>();
        for (int i = 0; i < list.size(); i++) {
            Object item = list.get(i);
            String itemName = name(key) + "[" + i + "]";
            if (!(item instanceof String text) || !ID.matcher(text).matches()) {
                throw invalid(itemName + " must be an id: 1 to 128 letters, digits or . _ : @ -");
            }
            if (ids.contains(text)) {
                throw invalid(itemName + " repeats an earlier entry");
            }
            ids.add(text);
        }
        return ids;
    }

    /**
     * An optional array of objects, each as {@link Fields} named by its index ({@code data.overflow[0]}); empty when
     * absent.
     */
    @SuppressWarnings("unchecked")
    List<Fields> objects(String key, int maxItems) {
        var list = optionalList(key, maxItems, "objects");
        var objects = new ArrayList<Fields>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map<?, ?> map)) {
                throw invalid(name(key) + "[" + i + "] must be an object");
            }
            objects.add(new Fields((Map<String, Object>) map, name(key) + "[" + i + "]"));
        }
        return objects;
    }

    /** An optional array of strings, each at most {@code maxLength}; empty when absent. */
    List<String> strings(String key, int maxItems, int maxLength) {
        var list = optionalList(key, maxItems, "strings");
        var strings = new ArrayList<String>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof String text) || text.isBlank() || text.length() > maxLength) {
                throw invalid(name(key) + "[" + i + "] must be a string of 1 to " + maxLength + " characters");
            }
            strings.add(text);
        }
        return strings;
    }

    /** An optional array of at most {@code maxItems}; empty when absent. */
    private List<?> optionalList(String key, int maxItems, String of) {
        Object value = values.get(key);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw invalid(name(key) + " must be an array of " + of);
        }
        if (list.size() > maxItems) {
            throw invalid(name(key) + " must have at most " + maxItems + " entries");
        }
        return list;
    }

    Map<String, Object> raw() {
        return values;
    }
}
