package io.ebbflow.bench.flink.autoscaler;

import java.time.Duration;
import java.time.Instant;
import org.apache.flink.autoscaler.JobAutoScalerContext;
import org.apache.flink.autoscaler.event.AutoScalerEventHandler;

/** Prints each of the autoscaler's events on standard output (the driver has no logging backend of Flink's). */
final class PrintingEventHandler implements AutoScalerEventHandler<String, JobAutoScalerContext<String>> {

    @Override
    public void handleEvent(JobAutoScalerContext<String> context, Type type, String reason, String message,
            String messageKey, Duration interval) {
        System.out.println(Instant.now() + " EVENT " + type + " " + reason + ": " + message);
    }
}
