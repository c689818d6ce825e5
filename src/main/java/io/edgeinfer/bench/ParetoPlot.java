package io.edgeinfer.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The accuracy-vs-latency chart of a bench run as PNG: one circle per model whose area follows its
 * file size, its name beside it, and the Pareto front drawn as a line through the models nothing
 * beats.
 */
public final class ParetoPlot {
    private static final double MIN_DIAMETER = 8;
    private static final double MAX_DIAMETER = 44;

    private ParetoPlot() {
    }

    /** Writes the chart; models without accuracy or timings are left out (they are in the table). */
    public static void write(BenchRun run, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<ModelResult> points = run.models().stream().filter(r -> r.accuracy() != null && r.latency() != null)
                .toList();
        XYChart chart = new XYChartBuilder().width(900).height(600)
                .xAxisTitle("p50 latency per inference, ms").yAxisTitle("accuracy, %").build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setChartTitleFont(chart.getStyler().getChartTitleFont().deriveFont(14f));
        long maxSize = points.stream().mapToLong(ModelResult::sizeBytes).max().orElse(1);
        // Names go just above their circles (annotations are centred on a data point).
        double lift = Math.max(0.05, 0.04 * (points.stream().mapToDouble(ModelResult::accuracy).max().orElse(0)
                - points.stream().mapToDouble(ModelResult::accuracy).min().orElse(0)) * 100);
        Set<String> front = Pareto.front(points);
        for (ModelResult r : points) {
            double d = MIN_DIAMETER + (MAX_DIAMETER - MIN_DIAMETER) * Math.sqrt(r.sizeBytes() / (double) maxSize);
            XYSeries s = chart.addSeries(r.name(), new double[]{r.latency().p50()}, new double[]{r.accuracy() * 100});
            s.setMarker(new SizedCircle(d));
            s.setMarkerColor(front.contains(r.name()) ? new Color(200, 60, 30, 170) : new Color(40, 90, 180, 150));
            chart.addAnnotation(new AnnotationText(r.name() + (front.contains(r.name()) ? " *" : ""),
                    r.latency().p50(), r.accuracy() * 100 + lift, false));
        }
        List<ModelResult> line = points.stream().filter(r -> front.contains(r.name()))
                .sorted(Comparator.comparingDouble(r -> r.latency().p50())).toList();
        if (line.size() > 1) {
            XYSeries f = chart.addSeries("Pareto front", line.stream().mapToDouble(r -> r.latency().p50()).toArray(),
                    line.stream().mapToDouble(r -> r.accuracy() * 100).toArray());
            f.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            f.setMarker(SeriesMarkers.NONE);
            f.setLineColor(new Color(200, 60, 30));
            f.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 1f, new float[]{6f, 4f},
                    0f));
        }
        chart.setTitle(String.format(Locale.ROOT,
                "Accuracy vs latency: %d models, circle area ~ file size, * = Pareto front",
                points.size()));
        if (png.toAbsolutePath().getParent() != null) {
            Files.createDirectories(png.toAbsolutePath().getParent());
        }
        try (OutputStream out = Files.newOutputStream(png)) {
            BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        }
    }

    /** A circle of its own diameter (XChart's markers all share the styler's size). */
    private static final class SizedCircle extends Marker {
        private final double diameter;

        SizedCircle(double diameter) {
            this.diameter = diameter;
        }

        @Override
        public void paint(Graphics2D g, double x, double y, int ignored) {
            Ellipse2D.Double c = new Ellipse2D.Double(x - diameter / 2, y - diameter / 2, diameter, diameter);
            g.fill(c);
            g.setColor(g.getColor().darker());
            g.setStroke(new BasicStroke(1f));
            g.draw(c);
        }
    }
}
