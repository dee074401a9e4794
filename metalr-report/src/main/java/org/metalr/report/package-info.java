/**
 * Pictures and pages of fine-tuning runs, made from the files a run folder holds; no engine, no
 * network, no display.
 *
 * <p>Inputs, each read strictly (a malformed file is a {@link org.metalr.report.RunFileException}
 * naming the file and the line or key) but leniently about what is absent:
 * {@link org.metalr.report.LrTrajectory} ({@code lr_trajectory.csv}),
 * {@link org.metalr.report.LossHistory} ({@code losses.csv}), {@link org.metalr.report.RunMetrics}
 * ({@code metrics.json}), {@link org.metalr.report.RunConfig} ({@code config.json}), together
 * {@link org.metalr.report.RunFolder}.
 *
 * <p>Pictures, each a {@link org.metalr.report.Picture} (PNG, and SVG for the learning-rate curves):
 * {@link org.metalr.report.LrCurvesPicture}, {@link org.metalr.report.LrProfilePicture},
 * {@link org.metalr.report.ConfusionMatrixPicture}, {@link org.metalr.report.LossCurvePicture},
 * {@link org.metalr.report.GridHeatmapPicture}. They are drawn by this package's own small chart
 * code on a bitmap and on SVG from one drawing routine, so both forms match.
 *
 * <p>Pages: {@link org.metalr.report.RunPage} for one run and
 * {@link org.metalr.report.ComparisonPage} (with {@link org.metalr.report.ComparisonTable}, the
 * paper's Table 2/3 as Markdown and CSV) for several; each renders a
 * {@link org.metalr.report.Report}, a self-contained {@code report.html} with the pictures embedded as
 * {@code data:} URIs and a content security policy that forbids every fetch. Every file is written
 * through {@link org.metalr.api.io.AtomicFiles}. The script {@code src/test/browser/check_report.sh}
 * checks a page in headless chromium.
 */
package org.metalr.report;
