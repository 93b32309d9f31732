package dev.handoff.router.adapters.timers;

import java.time.Clock;

import dev.handoff.router.config.RouterConfig;
import dev.handoff.router.domain.DueTimer;
import dev.handoff.router.domain.Timers;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Which timers the router uses: SQS's when {@code router.timers.queue-url} names a queue (on AWS), else the
 * process's own, which fire as a {@link DueTimer} event to whoever observes it (the application's wait deadlines).
 */
public class TimersSetup {

    @Produces
    @Singleton
    Timers timers(RouterConfig config, Clock clock, Event<DueTimer> fired) {
        var queueUrl = config.timers().queueUrl();
        if (queueUrl.isPresent()) {
            // Region and credentials from the Lambda environment, as the DynamoDB client's.
            var sqs = SqsClient.builder().httpClient(UrlConnectionHttpClient.create()).build();
            return new SqsTimers(sqs, queueUrl.get(), clock);
        }
        return new LocalTimers(clock, config.timers().localTick(), fired::fire);
    }

    void close(@Disposes Timers timers) {
        if (timers instanceof LocalTimers local) {
            local.close();
        }
    }
}
