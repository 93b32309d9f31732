package dev.handoff.router.functions;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.Arrays;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.core.io.InputDecorator;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * A body that is not JSON is answered {@code rejected} / {@code invalid_event} like any bad input (CONTRACT §2), not
 * thrown with a stack trace. Funqy parses the body with the application's mapper before a function runs, so the parse
 * cannot be caught in the function: this decorates that mapper's input so that a body which is not one JSON object
 * (it does not parse, or it is an array, a string, a number) reaches the function as JSON {@code null}, which the
 * decoder rejects. (Lambda's Invoke API accepts only JSON, so on AWS this
 * matters for dev mode and test servers; SQS bodies are parsed by {@link SqsBatch}, which does the same.)
 */
@Singleton
public class MalformedBodies implements ObjectMapperCustomizer {
    private static final JsonFactory CHECK = new JsonFactory();
    private static final byte[] NULL = "null".getBytes(StandardCharsets.UTF_8);

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.getFactory().setInputDecorator(new NullForMalformed());
    }

    /** Whether the bytes are a well-formed JSON object (streamed through the tokenizer: no tree is built). */
    static boolean wellFormed(byte[] body) {
        try (JsonParser parser = CHECK.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return false; // empty, or a JSON value the function's Map cannot take
            }
            parser.skipChildren();
            while (parser.nextToken() != null) {
                parser.skipChildren(); // trailing tokens are parsed too, so that garbage after the value is caught
            }
            return true;
        } catch (JsonProcessingException malformed) {
            return false;
        } catch (IOException unreadable) {
            return false;
        }
    }

    private static final class NullForMalformed extends InputDecorator {
        @Override
        public InputStream decorate(IOContext context, InputStream in) throws IOException {
            byte[] body = in.readAllBytes();
            return new ByteArrayInputStream(wellFormed(body) ? body : NULL);
        }

        @Override
        public InputStream decorate(IOContext context, byte[] src, int offset, int length) {
            byte[] body = Arrays.copyOfRange(src, offset, offset + length);
            return new ByteArrayInputStream(wellFormed(body) ? body : NULL);
        }

        @Override
        public Reader decorate(IOContext context, Reader reader) throws IOException {
            var text = new StringWriter();
            reader.transferTo(text);
            byte[] body = text.toString().getBytes(StandardCharsets.UTF_8);
            return new StringReader(wellFormed(body) ? text.toString() : "null");
        }
    }
}
