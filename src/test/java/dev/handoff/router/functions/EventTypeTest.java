package dev.handoff.router.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.quarkus.funqy.Funq;

/**
 * Every event type is declared once, in {@link EventType}; Funqy still needs one annotated method per function. This
 * keeps the two in line: each type exported alone has its function, answering the type's answer class, and no other
 * function but {@code route} exists in {@link RouterFunctions}.
 */
class EventTypeTest {

    @Test
    void eachTypeExportedAloneHasItsFunctionAnsweringItsShape() {
        Map<String, Class<?>> declared = Arrays.stream(EventType.values())
                .filter(EventType::exportedAlone)
                .collect(Collectors.toMap(EventType::wire, type -> type.answer().type(), (a, b) -> a, TreeMap::new));
        Map<String, Class<?>> functions = Arrays.stream(RouterFunctions.class.getDeclaredMethods())
                .filter(method -> method.isAnnotationPresent(Funq.class))
                .filter(method -> !"route".equals(name(method)))
                .collect(Collectors.toMap(EventTypeTest::name, Method::getReturnType, (a, b) -> a, TreeMap::new));

        assertEquals(declared, functions);
    }

    @Test
    void typeNamesAreUnique() {
        assertEquals(EventType.values().length,
                Arrays.stream(EventType.values()).map(EventType::wire).distinct().count());
    }

    private static String name(Method method) {
        String value = method.getAnnotation(Funq.class).value();
        return value.isEmpty() ? method.getName() : value;
    }
}
