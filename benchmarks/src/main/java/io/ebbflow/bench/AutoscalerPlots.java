package io.ebbflow.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The plot of one load profile (PNG, headless): the load and what each side's source read, the slow call's
 * parallelism and the slots each side held, and each side's backlog, over the seconds of the run.
 */
final class AutoscalerPlots {

    private static final Color[] SIDE_COLORS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c)};

    private AutoscalerPlots() {
    }

    /** Writes {@code file} (800 x 900 px) from the samples of each side, in the map's order. */
    static void write(Path file, String profile, Map<String, List<AutoscalerSample>> sides) throws IOException {
        System.setProperty("java.awt.headless", "true");
        NumberAxis time = new NumberAxis("seconds");
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(time);
        plot.setGap(8);

        XYSeriesCollection load = new XYSeriesCollection();
        XYSeriesCollection parallelism = new XYSeriesCollection();
        XYSeriesCollection backlog = new XYSeriesCollection();
        boolean first = true;
        for (Map.Entry<String, List<AutoscalerSample>> side : sides.entrySet()) {
            if (first) {
                load.addSeries(series("load asked", side.getValue(), AutoscalerSample::rate));
                first = false;
            }
            load.addSeries(series(side.getKey() + ": read", side.getValue(), s -> s.inputRate() < 0 ? Double.NaN : s.inputRate()));
            parallelism.addSeries(series(side.getKey() + ": slow call p", side.getValue(), AutoscalerSample::slowCall));
            parallelism.addSeries(series(side.getKey() + ": slots", side.getValue(), AutoscalerSample::slots));
            backlog.addSeries(series(side.getKey() + ": backlog", side.getValue(),
                    s -> s.backlog() < 0 ? Double.NaN : s.backlog()));
        }
        plot.add(subplot(load, "records/s", i -> i == 0 ? Color.GRAY : SIDE_COLORS[(i - 1) % SIDE_COLORS.length], i -> false), 2);
        plot.add(subplot(parallelism, "parallelism / slots", i -> SIDE_COLORS[(i / 2) % SIDE_COLORS.length], i -> i % 2 == 1), 2);
        plot.add(subplot(backlog, "backlog (records)", i -> SIDE_COLORS[i % SIDE_COLORS.length], i -> false), 1);
        JFreeChart chart = new JFreeChart(profile, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        Files.createDirectories(file.toAbsolutePath().getParent());
        ChartUtils.saveChartAsPNG(file.toFile(), chart, 800, 900);
    }

    private static XYSeries series(String name, List<AutoscalerSample> samples, ToDoubleFunction<AutoscalerSample> y) {
        XYSeries s = new XYSeries(name, false, true);
        samples.forEach(sample -> s.add(sample.second(), y.applyAsDouble(sample)));
        return s;
    }

    private static XYPlot subplot(XYSeriesCollection data, String label, java.util.function.IntFunction<Color> color,
            java.util.function.IntPredicate dashed) {
        XYStepRenderer renderer = new XYStepRenderer();
        for (int i = 0; i < data.getSeriesCount(); i++) {
            renderer.setSeriesPaint(i, color.apply(i));
            renderer.setSeriesStroke(i, dashed.test(i)
                    ? new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {4f, 4f}, 0f)
                    : new BasicStroke(1.5f));
        }
        XYPlot p = new XYPlot(data, null, new NumberAxis(label), renderer);
        p.setBackgroundPaint(Color.WHITE);
        p.setDomainGridlinePaint(Color.LIGHT_GRAY);
        p.setRangeGridlinePaint(Color.LIGHT_GRAY);
        return p;
    }
}
