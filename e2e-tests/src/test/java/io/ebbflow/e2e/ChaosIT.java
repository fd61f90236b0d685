package io.ebbflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebbflow.e2e.chaos.ChaosRun;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The 2-minute variant of the chaos suite ({@code benchmarks chaos} runs the 10-minute one): two JobMasters, two
 * ResourceManagers and three TaskExecutors under kill -9, SIGSTOP and a corrupted checkpoint, with the
 * exactly-once checker job and its file sink. The seed is fixed, so a failure can be replayed.
 */
class ChaosIT {

    @TempDir
    Path dir;

    @Test
    void theCheckerSurvivesTwoMinutesOfChaosWithNoViolationAndEveryRecordCommittedOnce() throws Exception {
        long seed = Long.getLong("ebbflow.chaos.seed", 11L);
        ChaosRun.Result result = new ChaosRun(ChaosRun.Settings.compressed(dir, seed, Duration.ofMinutes(2)),
                System.out::println).run();
        for (String fault : new String[] {"taskexecutor-kill", "jobmaster-kill", "resourcemanager-kill",
            "taskexecutor-sigstop", "corrupt-checkpoint+jobmaster-kill"}) {
            System.out.println("chaos recovery " + result.summary(fault));
        }
        assertThat(result.problems()).as("problems").isEmpty();
        assertThat(result.outputProblems()).as("file sink output").isEmpty();
        assertThat(result.violations()).as("checker violations").isZero();
        assertThat(result.recordsChecked()).isPositive();
        assertThat(result.keysSampled()).isPositive();
        assertThat(result.recoveries()).as("every fault recovered").allMatch(r -> r.recoveredInMillis() >= 0);
        assertThat(result.recoveries()).extracting(ChaosRun.Recovery::fault)
                .contains("taskexecutor-kill", "jobmaster-kill", "resourcemanager-kill", "taskexecutor-sigstop",
                        "corrupt-checkpoint+jobmaster-kill");
    }
}
