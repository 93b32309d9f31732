package dev.handoff.router.testing;

import static io.restassured.RestAssured.given;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.restassured.path.json.JsonPath;

/** Sends CloudEvents to the function under test through the Lambda mock event server, as an event source would. */
public final class Events {
    private Events() {
    }

    /** A CloudEvent with a fresh id. */
    public static Map<String, Object> event(String type, Map<String, Object> data) {
        var event = new LinkedHashMap<String, Object>();
        event.put("specversion", "1.0");
        event.put("id", UUID.randomUUID().toString());
        event.put("source", "/tests");
        event.put("type", type);
        event.put("datacontenttype", "application/json");
        event.put("data", data);
        return event;
    }

    /** Sends an event and returns the function's answer; any answer other than 200 fails the test. */
    public static JsonPath send(Map<String, Object> event) {
        return given().contentType("application/json").body(event)
                .when().post()
                .then().statusCode(200)
                .extract().jsonPath();
    }

    public static JsonPath send(String type, Map<String, Object> data) {
        return send(event(type, data));
    }

    /** Sends an event and returns the answer's body as sent, so that a search of it misses nothing (a secret). */
    public static String sendForBody(String type, Map<String, Object> data) {
        return given().contentType("application/json").body(event(type, new HashMap<>(data)))
                .when().post()
                .then().statusCode(200)
                .extract().asString();
    }

    /** Sends a raw JSON body, for malformed events. */
    public static JsonPath sendRaw(String json) {
        return given().contentType("application/json").body(json)
                .when().post()
                .then().statusCode(200)
                .extract().jsonPath();
    }
}
