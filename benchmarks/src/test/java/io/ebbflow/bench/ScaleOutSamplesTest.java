package io.ebbflow.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScaleOutSamplesTest {

    /** A JVM counting 100 records per 100 ms from t=0 to t=1000, stopping until t=1500, then counting again. */
    private static final ScaleOutSamples.Series OLD = new ScaleOutSamples.Series(
            new long[] {0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000, 1100, 1200, 1300, 1400, 1500, 1600},
            new long[] {0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000, 1000, 1000, 1000, 1000, 1000, 1100});
    /** A JVM that joins at t=1450 and takes in its first records by t=1550. */
    private static final ScaleOutSamples.Series NEW = new ScaleOutSamples.Series(
            new long[] {1450, 1550, 1650}, new long[] {0, 50, 150});

    @Test
    void recordsAndRateAddUpOverEveryJvmBetweenTheSamplesAtOrBeforeEachInstant() {
        ScaleOutSamples samples = new ScaleOutSamples(List.of(OLD, NEW), 100);

        assertThat(samples.records(0, 1000)).isEqualTo(1000);
        assertThat(samples.rate(0, 1000)).isEqualTo(1000.0);
        assertThat(samples.records(1000, 1650)).isEqualTo(100 + 150);
        assertThat(samples.records(1049, 1099)).isZero();
    }

    @Test
    void thePauseIsTheLongestStretchNoJvmCountedAnything() {
        ScaleOutSamples samples = new ScaleOutSamples(List.of(OLD, NEW), 100);

        // OLD stops after its sample at 1000; NEW's first records arrive after its sample at 1450.
        assertThat(samples.longestPause(500, 1650)).isEqualTo(1450 - 1000);
        // Alone, OLD pauses from 1000 to 1500.
        assertThat(new ScaleOutSamples(List.of(OLD), 100).longestPause(500, 1650)).isEqualTo(500);
        // No pause longer than the records' own spread while the job runs steadily.
        assertThat(samples.longestPause(100, 900)).isZero();
    }

    @Test
    void aWindowThatEndsInAPauseCountsItUpToTheWindowsEnd() {
        ScaleOutSamples samples = new ScaleOutSamples(List.of(OLD), 100);

        assertThat(samples.longestPause(800, 1300)).isEqualTo(300);
    }

    @Test
    void readsOneSeriesPerFile(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("records-in-1.csv"), "0,0\n100,100\n200,250\n");
        Files.writeString(dir.resolve("records-in-2.csv"), "150,0\n250,40\n");
        Files.writeString(dir.resolve("unrelated.txt"), "not samples");

        ScaleOutSamples samples = ScaleOutSamples.read(dir, 100);

        assertThat(samples.series()).hasSize(2);
        assertThat(samples.records(0, 250)).isEqualTo(250 + 40);
    }
}
