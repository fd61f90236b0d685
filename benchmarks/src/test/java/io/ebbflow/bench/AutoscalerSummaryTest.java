package io.ebbflow.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AutoscalerSummaryTest {

    private static final LoadProfile STEP_UP = LoadProfile.named("step-up", 1.0);

    @TempDir
    Path dir;

    @Test
    void theNeededParallelismIsTheBandAroundTheTargetUtilization() {
        // 2000/s at 1000/s per subtask: 3 subtasks are 67% busy, 4 are 50%: both within 0.7 +- 0.2; 2 are 100%.
        assertThat(LoadProfile.neededParallelism(2000, 1000, 0.7, 0.2)).containsExactly(3, 4);
        // 400/s: one subtask at 40% is below the band, but there is nothing below one.
        assertThat(LoadProfile.neededParallelism(400, 1000, 0.7, 0.2)).containsExactly(1, 1);
        assertThat(LoadProfile.neededParallelism(3000, 1000, 0.7, 0.2)).containsExactly(4, 6);
    }

    @Test
    void profilesFollowTheirShapeAndAnUnknownOneIsNamed() {
        assertThat(STEP_UP.rate().applyAsDouble(59)).isEqualTo(400);
        assertThat(STEP_UP.rate().applyAsDouble(60)).isEqualTo(2000);
        LoadProfile sine = LoadProfile.named("sine", 1.0);
        assertThat(sine.seconds()).isEqualTo(600);
        assertThat(sine.rate().applyAsDouble(150)).isCloseTo(2000, within(1e-6));
        assertThat(sine.rate().applyAsDouble(450)).isCloseTo(400, within(1e-6));
        LoadProfile shortSpike = LoadProfile.named("spike", 0.5);
        assertThat(shortSpike.changeAt()).isEqualTo(30);
        assertThat(shortSpike.rate().applyAsDouble(44)).isEqualTo(3000);
        assertThat(shortSpike.rate().applyAsDouble(45)).isEqualTo(500);
        assertThatThrownBy(() -> LoadProfile.named("ramp", 1.0)).hasMessageContaining("no load profile 'ramp'");
    }

    @Test
    void aStepUpIsReachedWhenTheSlowCallRunsInTheBandAndRescalesAndSlotSecondsAreCounted() {
        List<AutoscalerSample> samples = new ArrayList<>();
        for (int t = 0; t < 240; t++) {
            int p = t < 80 ? 1 : t < 100 ? 2 : 3;
            boolean running = t != 80 && t != 100; // each rescale: one second not running
            samples.add(new AutoscalerSample(t, STEP_UP.rate().applyAsDouble(t), 0, t >= 60 && t < 100 ? 500 : 0,
                    running ? p : 0, 1, 1, p, 0, running));
        }
        AutoscalerSummary s = AutoscalerSummary.of(STEP_UP, samples, 2, 0, -1, 1000, 0.7, 0.2);
        assertThat(s.reachSeconds()).isEqualTo(41); // first running at 3 at second 101
        assertThat(s.changes()).isEqualTo(2);
        assertThat(s.reversals()).isZero();
        assertThat(s.slotSeconds()).isEqualTo(79 * 1 + 20 * 2 + 140 * 3); // each sample counts the second before it
        assertThat(s.underSeconds()).isEqualTo(39); // 61..79 at 1, 81..99 at 2 (2000/s needs 3)
        assertThat(s.peakBacklog()).isEqualTo(500);
        assertThat(s.finalBacklog()).isZero();
        assertThat(s.violations()).isZero();
        assertThat(s.row("step-up", "x")).isEqualTo("| step-up | x | 41 s | 2 | 0 | 539 | 39 / 0 | 500 | 0 | 0 |");
    }

    @Test
    void aStepDownIsReachedWhenTheSlowCallIsNoLargerThanTheBandsTop() {
        LoadProfile down = LoadProfile.named("step-down", 1.0);
        List<AutoscalerSample> samples = new ArrayList<>();
        for (int t = 0; t < down.seconds(); t++) {
            int p = t < 150 ? 3 : t < 200 ? 2 : 1;
            samples.add(new AutoscalerSample(t, down.rate().applyAsDouble(t), 0, 0, p, 1, 1, p, 0, t != 150 && t != 200));
        }
        AutoscalerSummary s = AutoscalerSummary.of(down, samples, 2, 0, 0, 1000, 0.7, 0.2);
        assertThat(s.reachSeconds()).isEqualTo(141); // 400/s needs one: first running at 1 at second 201
        assertThat(s.overSeconds()).isEqualTo(139); // 60..199 at 2 or 3, but for the second not running at 150
        assertThat(s.reversals()).isZero();
    }

    @Test
    void upAndDownAndUpAgainAreTwoReversalsAndAStepNeverReachedSaysSo() {
        int[] p = {1, 1, 2, 2, 1, 1, 3, 3};
        List<AutoscalerSample> samples = new ArrayList<>();
        for (int t = 0; t < p.length; t++) {
            samples.add(new AutoscalerSample(t, 2000, 0, 0, p[t], 1, 1, p[t], 0, true));
        }
        LoadProfile high = new LoadProfile("high", p.length, 1, 0, t -> t < 0 ? 400 : 2000);
        AutoscalerSummary s = AutoscalerSummary.of(high, samples.subList(0, 6), 3, 1, 2, 1000, 0.7, 0.2);
        assertThat(s.reachSeconds()).isInfinite();
        assertThat(s.row("high", "x")).startsWith("| high | x | not reached | 3 (+1 restarts) | 1 |");
        assertThat(AutoscalerSummary.of(high, samples, 3, 0, 0, 1000, 0.7, 0.2).reversals()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(longs = {1L, 16L, 2026L})
    void samplesSurviveTheirCsv(long seed) throws Exception {
        Random random = new Random(seed);
        List<AutoscalerSample> samples = new ArrayList<>();
        for (int t = 0; t < 50; t++) {
            samples.add(new AutoscalerSample(t + random.nextInt(10) / 10.0, random.nextInt(3000), random.nextInt(3000),
                    random.nextInt(100_000), random.nextInt(9), random.nextInt(9), random.nextInt(9), random.nextInt(9),
                    random.nextInt(1000), random.nextBoolean()));
        }
        Path file = dir.resolve("run.csv");
        AutoscalerSample.write(file, samples);
        assertThat(AutoscalerSample.read(file)).isEqualTo(samples);
    }

    @Test
    void aFileThatIsNotASampleFileIsRefused() throws Exception {
        Path file = Files.writeString(dir.resolve("other.csv"), "a,b\n1,2\n");
        assertThatThrownBy(() -> AutoscalerSample.read(file)).hasMessageContaining("is not a sample file");
        assertThatThrownBy(() -> AutoscalerSample.parse("1,2,3")).hasMessageContaining("has 10 fields");
    }

    @Test
    void thePlotIsAPngWithBothSides() throws Exception {
        Map<String, List<AutoscalerSample>> sides = new LinkedHashMap<>();
        for (String side : List.of("a", "b")) {
            List<AutoscalerSample> samples = new ArrayList<>();
            for (int t = 0; t < 120; t++) {
                samples.add(new AutoscalerSample(t, STEP_UP.rate().applyAsDouble(t), t < 5 ? -1 : 400, 10 * t,
                        t < 70 ? 1 : 3, 1, 1, t < 70 ? 1 : 3, 500, true));
            }
            sides.put(side, samples);
        }
        Path png = dir.resolve("plots/step-up.png");
        AutoscalerPlots.write(png, "step-up", sides);
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(800);
        assertThat(image.getHeight()).isEqualTo(900);
    }
}
