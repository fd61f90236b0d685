package io.ebbflow.bench.flink;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.rest.messages.EmptyRequestBody;
import org.apache.flink.runtime.rest.messages.JobIDPathParameter;
import org.apache.flink.runtime.rest.messages.JobMessageParameters;
import org.apache.flink.runtime.rest.messages.JobVertexIdPathParameter;
import org.apache.flink.runtime.rest.messages.job.JobDetailsInfo;
import org.apache.flink.runtime.rest.messages.job.JobManagerJobConfigurationHeaders;
import org.apache.flink.runtime.rest.messages.job.JobResourceRequirementsHeaders;
import org.apache.flink.runtime.rest.messages.job.metrics.AggregateTaskManagerMetricsParameters;
import org.apache.flink.runtime.rest.messages.job.metrics.AggregatedMetric;
import org.apache.flink.runtime.rest.messages.job.metrics.AggregatedSubtaskMetricsHeaders;
import org.apache.flink.runtime.rest.messages.job.metrics.AggregatedSubtaskMetricsParameters;
import org.apache.flink.runtime.rest.messages.job.metrics.AggregatedTaskManagerMetricsHeaders;
import org.apache.flink.runtime.rest.messages.job.metrics.JobManagerMetricsHeaders;
import org.apache.flink.runtime.rest.messages.job.metrics.JobManagerMetricsMessageParameters;
import org.apache.flink.runtime.rest.messages.job.metrics.MetricsAggregationParameter;
import org.apache.flink.runtime.rest.messages.job.metrics.MetricsFilterParameter;

/**
 * Reads every job of an Ebbflow cluster through Flink 1.20's own REST client, request by request as Flink's
 * standalone autoscaler (REST metrics collector, rescale-API realizer) reads a job, and prints what it got; a
 * response Flink's client cannot read ends it with that exception. A check run by hand against a running cluster:
 *
 * <pre>
 * java -cp "$(cat benchmarks-flink/target/classpath.txt)" io.ebbflow.bench.flink.FlinkAutoscalerReads 127.0.0.1 8081
 * </pre>
 */
public final class FlinkAutoscalerReads {

    private static final long TIMEOUT_SECONDS = 10;

    private FlinkAutoscalerReads() {
    }

    public static void main(String[] args) throws Exception {
        Configuration conf = new Configuration();
        conf.set(RestOptions.ADDRESS, args.length > 0 ? args[0] : "127.0.0.1");
        conf.set(RestOptions.PORT, args.length > 1 ? Integer.parseInt(args[1]) : 8081);
        try (RestClusterClient<String> client = new RestClusterClient<>(conf, "ebbflow")) {
            for (var job : client.listJobs().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                read(client, job.getJobId());
            }
        }
    }

    private static void read(RestClusterClient<String> client, JobID id) throws Exception {
        JobDetailsInfo details = client.getJobDetails(id).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        System.out.println("job " + id + " " + details.getJobStatus() + ", running since " + details.getTimestamps());
        JobMessageParameters job = new JobMessageParameters();
        job.jobPathParameter.resolve(id);
        Configuration jobConf = new Configuration();
        client.sendRequest(JobManagerJobConfigurationHeaders.getInstance(), job, EmptyRequestBody.getInstance())
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS).forEach(e -> jobConf.setString(e.getKey(), e.getValue()));
        System.out.println("  scheduler " + jobConf.get(JobManagerOptions.SCHEDULER));
        System.out.println("  requirements " + client.sendRequest(new JobResourceRequirementsHeaders(), job,
                EmptyRequestBody.getInstance()).get(TIMEOUT_SECONDS, TimeUnit.SECONDS).asJobResourceRequirements()
                .orElseThrow().getJobVertexParallelisms());
        for (JobDetailsInfo.JobVertexDetailsInfo v : details.getJobVertexInfos()) {
            List<String> ids = vertexMetrics(client, id, v, null).stream().map(AggregatedMetric::getId).toList();
            System.out.println("  vertex " + v.getName() + " p=" + v.getParallelism() + " max=" + v.getMaxParallelism()
                    + " accumulated busy " + v.getJobVertexMetrics().getAccumulatedBusy() + " ms; metrics " + ids);
            vertexMetrics(client, id, v, "busyTimeMsPerSecond,numRecordsInPerSecond").forEach(m ->
                    System.out.println("    " + m.getId() + " max " + m.getMax() + " sum " + m.getSum()));
        }
        JobManagerMetricsMessageParameters jm = new JobManagerMetricsMessageParameters();
        ((MetricsFilterParameter) jm.getQueryParameters().iterator().next())
                .resolve(List.of("taskSlotsTotal", "taskSlotsAvailable"));
        client.sendRequest(JobManagerMetricsHeaders.getInstance(), jm, EmptyRequestBody.getInstance())
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS).getMetrics()
                .forEach(m -> System.out.println("  jobmanager " + m.getId() + " " + m.getValue()));
        AggregateTaskManagerMetricsParameters tm = new AggregateTaskManagerMetricsParameters();
        var query = tm.getQueryParameters().iterator();
        ((MetricsFilterParameter) query.next()).resolve(List.of("Status.JVM.Memory.Heap.Max", "Status.JVM.Memory.Heap.Used",
                "Status.Flink.Memory.Managed.Used", "Status.JVM.Memory.Metaspace.Used",
                "Status.JVM.GarbageCollector.All.TimeMsPerSecond"));
        ((MetricsAggregationParameter) query.next()).resolve(List.of(MetricsAggregationParameter.AggregationMode.MIN,
                MetricsAggregationParameter.AggregationMode.MAX, MetricsAggregationParameter.AggregationMode.AVG));
        client.sendRequest(AggregatedTaskManagerMetricsHeaders.getInstance(), tm, EmptyRequestBody.getInstance())
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS).getMetrics()
                .forEach(m -> System.out.println("  taskmanagers " + m.getId() + " max " + m.getMax()));
    }

    /** The vertex's aggregated metrics: their ids when {@code get} is null, else the values of those named. */
    private static List<AggregatedMetric> vertexMetrics(RestClusterClient<String> client, JobID id,
            JobDetailsInfo.JobVertexDetailsInfo v, String get) throws Exception {
        AggregatedSubtaskMetricsParameters p = new AggregatedSubtaskMetricsParameters();
        var path = p.getPathParameters().iterator();
        ((JobIDPathParameter) path.next()).resolve(id);
        ((JobVertexIdPathParameter) path.next()).resolve(v.getJobVertexID());
        if (get != null) {
            p.getQueryParameters().iterator().next().resolveFromString(get);
        }
        return List.copyOf(client.sendRequest(AggregatedSubtaskMetricsHeaders.getInstance(), p, EmptyRequestBody.getInstance())
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS).getMetrics());
    }
}
