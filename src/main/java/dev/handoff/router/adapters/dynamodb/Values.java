package dev.handoff.router.adapters.dynamodb;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Small conversions between Java values and DynamoDB attribute values; absent attributes read as null. */
final class Values {
    private Values() {
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    static AttributeValue millis(Instant value) {
        return n(value.toEpochMilli());
    }

    static AttributeValue bool(boolean value) {
        return AttributeValue.fromBool(value);
    }

    static AttributeValue m(Map<String, AttributeValue> value) {
        return AttributeValue.fromM(value);
    }

    static AttributeValue l(List<AttributeValue> value) {
        return AttributeValue.fromL(value);
    }

    /** A map builder that skips null values, so optional fields are simply absent from the item. */
    static final class Item {
        private final Map<String, AttributeValue> values = new LinkedHashMap<>();

        Item put(String name, AttributeValue value) {
            if (value != null) {
                values.put(name, value);
            }
            return this;
        }

        Item putString(String name, String value) {
            return put(name, value == null ? null : s(value));
        }

        Map<String, AttributeValue> build() {
            return values;
        }

        AttributeValue asMap() {
            return m(values);
        }
    }

    static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.nul() != null && value.nul() ? null : value.s();
    }

    static long num(Map<String, AttributeValue> item, String name, long absent) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? absent : new BigDecimal(value.n()).longValueExact();
    }

    static double decimal(Map<String, AttributeValue> item, String name, double absent) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? absent : Double.parseDouble(value.n());
    }

    static Integer integerOrNull(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? null : Integer.valueOf(value.n());
    }

    static Instant instant(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? null : Instant.ofEpochMilli(Long.parseLong(value.n()));
    }

    static boolean flag(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value != null && Boolean.TRUE.equals(value.bool());
    }

    static Map<String, AttributeValue> map(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || !value.hasM() ? null : value.m();
    }

    static List<AttributeValue> list(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || !value.hasL() ? List.of() : value.l();
    }

    /** Context values are flat: string, number or boolean. Numbers come back as Long when whole, else BigDecimal. */
    static AttributeValue scalar(Object value) {
        if (value instanceof Boolean b) {
            return bool(b);
        }
        if (value instanceof Number number) {
            return AttributeValue.fromN(new BigDecimal(number.toString()).toPlainString());
        }
        return s(String.valueOf(value));
    }

    static Object scalar(AttributeValue value) {
        if (value.bool() != null) {
            return value.bool();
        }
        if (value.n() != null) {
            var number = new BigDecimal(value.n());
            return number.scale() <= 0 || number.stripTrailingZeros().scale() <= 0 ? (Object) number.longValue()
                    : number;
        }
        return value.s();
    }
}
