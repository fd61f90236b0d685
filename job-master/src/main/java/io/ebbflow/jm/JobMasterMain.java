package io.ebbflow.jm;

import io.ebbflow.core.config.ConfigException;
import io.ebbflow.core.config.Configuration;
import io.ebbflow.core.config.options.JobManagerOptions;
import io.ebbflow.core.config.options.PipelineOptions;
import io.ebbflow.core.job.JobDescription;
import io.ebbflow.core.protocol.Require;
import io.ebbflow.core.service.ServiceCommand;
import io.ebbflow.jm.job.JobDescriptionFile;
import io.ebbflow.jm.job.JobLoader;
import io.ebbflow.jm.job.RunnableJob;
import io.ebbflow.jm.job.SchedulerModes;
import io.ebbflow.core.service.ServiceContext;
import io.ebbflow.core.time.SystemClock;
import io.ebbflow.core.util.Ids;
import io.ebbflow.runtime.graph.JobGraph;
import io.ebbflow.runtime.graph.StreamGraphTranslator;
import io.vertx.core.Deployable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The JobMaster of one job, in the spirit of Flink's application mode:
 * <pre>
 * java -jar job-master.jar --job-jar my-job.jar -j my.JobClass [-p N] [-Dkey=value ...] [job arguments]
 * java -jar job-master.jar --job-description job.yaml [--job-id ID]       (a job that only holds slots)
 * </pre>
 * The program's {@code main} runs here and builds the dataflow; the JobMaster acquires slots, deploys
 * the subtasks to TaskExecutors (which fetch the job jar from it), and ends when the job ends.
 */
@Command(name = "job-master", mixinStandardHelpOptions = true, versionProvider = io.ebbflow.core.service.Version.class,
        description = "Runs the Ebbflow JobMaster of one job.")
public final class JobMasterMain extends ServiceCommand {

    @Option(names = "--job-jar", paramLabel = "JAR", description = "The job jar (its main class builds the dataflow): "
            + "a file, or s3://bucket/key in S3-compatible storage (see the s3.* options), fetched at start.")
    String jobJar;

    @Option(names = {"-j", "--class"}, paramLabel = "CLASS", description = "The job's main class in the job jar.")
    String jobClass;

    @Option(names = "--job-description", paramLabel = "FILE",
            description = "Instead of a job jar: a job description (YAML) of vertices with parallelism bounds; such a "
                    + "job only holds slots.")
    Path jobDescription;

    @Option(names = "--job-id", paramLabel = "ID", description = "The job's id (default: 32 random hex digits).")
    String jobId;

    @Option(names = "-p", paramLabel = "N", description = "Default parallelism of the job (parallelism.default).")
    Integer parallelism;

    @Option(names = {"-s", "--from-savepoint"}, paramLabel = "PATH",
            description = "Start from this savepoint or retained checkpoint (its directory or _metadata file), at any "
                    + "parallelism (execution.savepoint.path).")
    String fromSavepoint;

    @Option(names = "--cancel-on-stop", description = "Stopping this JobMaster (SIGTERM, Ctrl-C) cancels the job "
            + "(execution.cancel-on-stop). By default the job is suspended, its checkpoints kept, and a standby or the "
            + "next JobMaster started with the same --job-id resumes it.")
    boolean cancelOnStop;

    @Parameters(paramLabel = "ARGS", description = "Arguments passed to the job's main.")
    List<String> jobArguments = new ArrayList<>();

    private JobDescription description;
    private RunnableJob runnable;

    public static void main(String[] args) {
        ServiceCommand.main(new JobMasterMain(), args);
    }

    @Override
    protected String serviceName() {
        return "JobMaster";
    }

    @Override
    protected boolean passesUnknownArguments() {
        return true;
    }

    /** {@code jobmanager.bind-host}, where set, stands for {@code cluster.bind-host}. */
    @Override
    protected Configuration withServiceAddresses(Configuration config) {
        return io.ebbflow.core.config.NetworkAddresses.withServiceKeys(config, null, JobManagerOptions.BIND_HOST);
    }

    @Override
    protected void validate(Configuration config) {
        Configuration effective = parallelism == null ? config : config.with(PipelineOptions.DEFAULT_PARALLELISM, parallelism);
        if ((jobJar == null) == (jobDescription == null)) {
            throw new ConfigException("give either --job-jar (with -j) or --job-description");
        }
        if (jobDescription != null) {
            description = JobDescriptionFile.load(jobDescription, effective);
        } else {
            if (jobClass == null) {
                throw new ConfigException("--job-jar needs the job's main class: -j <class>");
            }
            JobLoader.LoadedJob loaded = JobLoader.load(io.ebbflow.jm.job.JobJars.local(jobJar, config), jobClass,
                    jobArguments.toArray(String[]::new));
            JobGraph graph;
            try {
                graph = StreamGraphTranslator.translate(loaded.graph(), effective.get(PipelineOptions.DEFAULT_PARALLELISM),
                        effective.get(PipelineOptions.MAX_PARALLELISM), effective.get(PipelineOptions.BUFFER_TIMEOUT).toMillis(),
                        effective.get(PipelineOptions.AUTO_WATERMARK_INTERVAL).toMillis());
            } catch (IllegalArgumentException e) {
                throw new ConfigException("the job's dataflow is invalid: " + e.getMessage());
            }
            runnable = new RunnableJob(SchedulerModes.apply(graph, effective), loaded.classLoader(), loaded.jar(),
                    loaded.sha256());
        }
        if (jobId != null) {
            try {
                Require.id(jobId, "--job-id");
            } catch (IllegalArgumentException e) {
                throw new ConfigException(e.getMessage());
            }
        } else {
            jobId = Ids.random128();
        }
    }

    @Override
    protected Deployable createVerticle(ServiceContext context) {
        if (fromSavepoint != null) {
            context = new ServiceContext(context.config().with(
                    io.ebbflow.core.config.options.CheckpointingOptions.FROM_SAVEPOINT, fromSavepoint), context.node(),
                    context.process());
        }
        if (cancelOnStop) {
            context = new ServiceContext(context.config().with(
                    io.ebbflow.core.config.options.HighAvailabilityOptions.CANCEL_ON_STOP, true), context.node(),
                    context.process());
        }
        return runnable != null
                ? new JobMasterVerticle(context, jobId, runnable, SystemClock.INSTANCE)
                : new JobMasterVerticle(context, jobId, description, SystemClock.INSTANCE);
    }
}
