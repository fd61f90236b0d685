package io.ebbflow.jm;

import io.ebbflow.core.config.ConfigException;
import io.ebbflow.core.config.Configuration;
import io.ebbflow.core.config.options.PipelineOptions;
import io.ebbflow.core.job.JobDescription;
import io.ebbflow.core.protocol.Require;
import io.ebbflow.core.service.ServiceCommand;
import io.ebbflow.core.service.ServiceContext;
import io.ebbflow.core.time.SystemClock;
import io.ebbflow.core.util.Ids;
import io.vertx.core.Deployable;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -jar job-master.jar --job-description job.yaml [--job-id ID] [-p N] [-Dkey=value ...]}: one
 * JobMaster per job, in the spirit of Flink's application mode.
 */
@Command(name = "job-master", mixinStandardHelpOptions = true, versionProvider = io.ebbflow.core.service.Version.class,
        description = "Runs the Ebbflow JobMaster of one job.")
public final class JobMasterMain extends ServiceCommand {

    @Option(names = "--job-description", paramLabel = "FILE", required = true,
            description = "A job description (YAML): the job's vertices with their parallelism bounds.")
    Path jobDescription;

    @Option(names = "--job-id", paramLabel = "ID", description = "The job's id (default: 32 random hex digits).")
    String jobId;

    @Option(names = "-p", paramLabel = "N", description = "Default parallelism of the job (parallelism.default).")
    Integer parallelism;

    private JobDescription job;

    public static void main(String[] args) {
        ServiceCommand.main(new JobMasterMain(), args);
    }

    @Override
    protected String serviceName() {
        return "JobMaster";
    }

    @Override
    protected void validate(Configuration config) {
        Configuration effective = parallelism == null ? config : config.with(PipelineOptions.DEFAULT_PARALLELISM, parallelism);
        job = JobDescriptionFile.load(jobDescription, effective);
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
        return new JobMasterVerticle(context, jobId, job, SystemClock.INSTANCE);
    }
}
