package io.ebbflow.bench.flink.autoscaler;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.autoscaler.JobAutoScalerContext;
import org.apache.flink.autoscaler.JobAutoScalerImpl;
import org.apache.flink.autoscaler.RestApiMetricsCollector;
import org.apache.flink.autoscaler.ScalingExecutor;
import org.apache.flink.autoscaler.ScalingMetricEvaluator;
import org.apache.flink.autoscaler.config.AutoScalerOptions;
import org.apache.flink.autoscaler.state.InMemoryAutoScalerStateStore;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.runtime.rest.messages.EmptyRequestBody;
import org.apache.flink.runtime.rest.messages.JobMessageParameters;
import org.apache.flink.runtime.rest.messages.job.JobManagerJobConfigurationHeaders;

/**
 * Apache Flink's own autoscaler ({@code flink-autoscaler} 1.10.0, the library the Kubernetes operator and its
 * standalone runner use) driving one job of an Ebbflow cluster from outside, through the REST API only: the
 * library's REST metrics collector, metric evaluator and scaling executor with an in-memory state store, and
 * {@link ResourceRequirementsRealizer} applying its decisions with {@code PUT /jobs/:id/resource-requirements}.
 * Every {@code --interval} it builds the job's context (its status and its configuration as the cluster reports
 * them, overlaid with the {@code -D} options given here, e.g. {@code -Djob.autoscaler.target.utilization=0.7}, and
 * {@code job.autoscaler.enabled}) and calls {@code scale}. Runs until killed; prints each event of the autoscaler
 * and each change it applied.
 *
 * <pre>
 * java -cp "$(cat benchmarks-flink/target/classpath.txt)" io.ebbflow.bench.flink.autoscaler.FlinkAutoscalerDriver \
 *     --rest http://127.0.0.1:8081 --job 0123456789abcdef0123456789abcdef [--token-file F] [--interval 5s] -Dkey=value...
 * </pre>
 */
public final class FlinkAutoscalerDriver {

    private static final long TIMEOUT_SECONDS = 10;

    private final URI rest;
    private final JobID job;
    private final Configuration options;
    private final ResourceRequirementsRealizer realizer;
    private final JobAutoScalerImpl<String, JobAutoScalerContext<String>> autoscaler;

    FlinkAutoscalerDriver(URI rest, JobID job, Path tokenFile, Configuration options) {
        this.rest = rest;
        this.job = job;
        this.options = options;
        this.realizer = new ResourceRequirementsRealizer(rest, tokenFile);
        InMemoryAutoScalerStateStore<String, JobAutoScalerContext<String>> state = new InMemoryAutoScalerStateStore<>();
        PrintingEventHandler events = new PrintingEventHandler();
        this.autoscaler = new JobAutoScalerImpl<>(new RestApiMetricsCollector<>(), new ScalingMetricEvaluator(),
                new ScalingExecutor<>(events, state), events, realizer, state);
    }

    public static void main(String[] args) throws Exception {
        DriverArguments a = DriverArguments.parse(args);
        FlinkAutoscalerDriver driver = new FlinkAutoscalerDriver(a.rest(), JobID.fromHexString(a.job()), a.tokenFile(),
                Configuration.fromMap(a.options()));
        System.out.println("driving job " + a.job() + " at " + a.rest() + " every " + a.interval() + " with " + a.options());
        while (true) {
            long started = System.nanoTime();
            try {
                driver.cycle();
            } catch (Exception e) {
                System.out.println("CYCLE FAILED " + e);
            }
            long left = a.interval().toNanos() - (System.nanoTime() - started);
            if (left > 0) {
                TimeUnit.NANOSECONDS.sleep(left);
            }
        }
    }

    /** One call of the autoscaler on the job as it is now. */
    void cycle() throws Exception {
        JobStatus status;
        Configuration conf = new Configuration();
        try (RestClusterClient<String> client = client()) {
            // From the job list, as Flink's standalone autoscaler reads it (Ebbflow serves no /jobs/:id/status).
            status = client.listJobs().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).stream()
                    .filter(j -> j.getJobId().equals(job)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no job " + job + " in the cluster's job list"))
                    .getJobState();
            JobMessageParameters params = new JobMessageParameters();
            params.jobPathParameter.resolve(job);
            client.sendRequest(JobManagerJobConfigurationHeaders.getInstance(), params, EmptyRequestBody.getInstance())
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS).forEach(e -> conf.setString(e.getKey(), e.getValue()));
        }
        conf.addAll(options);
        conf.set(AutoScalerOptions.AUTOSCALER_ENABLED, true);
        autoscaler.scale(new JobAutoScalerContext<>(job.toHexString(), job, status, conf, new UnregisteredMetricsGroup(),
                this::client));
    }

    private RestClusterClient<String> client() throws Exception {
        Configuration c = new Configuration();
        c.set(RestOptions.ADDRESS, rest.getHost());
        c.set(RestOptions.PORT, rest.getPort());
        return new RestClusterClient<>(c, "ebbflow");
    }

    /** The command line: {@code --rest URI --job HEX [--token-file F] [--interval 5s] -Dkey=value...}. */
    record DriverArguments(URI rest, String job, Path tokenFile, Duration interval, java.util.Map<String, String> options) {

        static DriverArguments parse(String[] args) {
            URI rest = null;
            String job = null;
            Path token = null;
            Duration interval = Duration.ofSeconds(5);
            java.util.Map<String, String> options = new java.util.TreeMap<>();
            List<String> rest0 = new ArrayList<>(List.of(args));
            for (int i = 0; i < rest0.size(); i++) {
                String arg = rest0.get(i);
                if (arg.startsWith("-D") && arg.contains("=")) {
                    options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
                    continue;
                }
                if (i + 1 >= rest0.size()) {
                    throw new IllegalArgumentException("'" + arg + "' needs a value");
                }
                String value = rest0.get(++i);
                switch (arg) {
                    case "--rest" -> rest = URI.create(value);
                    case "--job" -> job = value;
                    case "--token-file" -> token = Path.of(value);
                    case "--interval" -> interval = Duration.parse("PT" + value.toUpperCase(java.util.Locale.ROOT));
                    default -> throw new IllegalArgumentException("unknown argument '" + arg + "'");
                }
            }
            if (rest == null || job == null) {
                throw new IllegalArgumentException("--rest and --job are required");
            }
            return new DriverArguments(rest, job, token, interval, options);
        }
    }
}
