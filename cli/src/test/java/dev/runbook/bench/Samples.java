package dev.runbook.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Timings of one side of a comparison, in milliseconds, and how they are printed. */
final class Samples {
  private final List<Double> ms = new ArrayList<>();

  void add(double millis) {
    ms.add(millis);
  }

  int size() {
    return ms.size();
  }

  double median() {
    return median(ms);
  }

  /** The median of {@code values}; NaN when there are none. */
  static double median(List<Double> values) {
    List<Double> s = new ArrayList<>(values);
    s.sort(Double::compare);
    if (s.isEmpty()) {
      return Double.NaN;
    }
    return s.size() % 2 == 1 ? s.get(s.size() / 2) : (s.get(s.size() / 2 - 1) + s.get(s.size() / 2)) / 2;
  }

  double min() {
    return min(ms);
  }

  double max() {
    return max(ms);
  }

  /** The smallest of {@code values}; NaN when there are none. */
  static double min(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
  }

  /** The largest of {@code values}; NaN when there are none. */
  static double max(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
  }

  /** {@code median (min–max)} in ms with {@code decimals} decimals. */
  String describe(int decimals) {
    String f = "%." + decimals + "f";
    return String.format(Locale.ROOT, f + " ms (" + f + "–" + f + ")", median(), min(), max());
  }

  /** Pairwise differences {@code a[i] - b[i]} of two series taken in alternating rounds. */
  static Samples minus(Samples a, Samples b) {
    Samples d = new Samples();
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      d.add(a.ms.get(i) - b.ms.get(i));
    }
    return d;
  }
}
