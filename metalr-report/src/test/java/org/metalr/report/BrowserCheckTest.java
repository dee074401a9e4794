package org.metalr.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code src/test/browser/check_report.sh} on real reports: Debian's chromium renders them
 * headless, and the script checks the DOM and chromium's network log. Skips, saying why, where
 * /usr/bin/chromium or python3 is missing.
 */
class BrowserCheckTest {

    private static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
    private static final Path SCRIPT = Paths.get(System.getProperty("basedir", "."), "src", "test", "browser",
            "check_report.sh");

    @TempDir
    Path dir;

    @BeforeEach
    void needsChromium() {
        assumeTrue(Files.isExecutable(CHROMIUM),
                "skipped: no " + CHROMIUM + " to render the report in (on Debian: apt-get install -y chromium)");
        assumeTrue(onPath("python3"), "skipped: no python3, which the browser check uses to read the DOM and network log");
    }

    private static boolean onPath(String program) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Paths.get(d, program))) {
                return true;
            }
        }
        return false;
    }

    private record Result(int exit, String output) {
    }

    private Result check(Path page, Path out, String... options) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString(), page.toString(), out.toString()));
        command.addAll(List.of(options));
        Path log = dir.resolve("check-" + out.getFileName() + ".log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(240, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the browser check did not finish in 240 s: " + Files.readString(log));
        }
        return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    @Test
    void aRunReportRendersWithItsTablesAndPicturesAndNoNetwork() throws Exception {
        Path run = Fixtures.run(dir.resolve("run"));
        RunPage.write(run);
        Path out = dir.resolve("browser-run");
        Result r = check(run.resolve("report.html"), out, "--min-images", "4", "--table", "test-summary",
                "--table", "per-class", "--table", "confusion-selected", "--table", "learning-rates-table",
                "--table", "epochs", "--table", "settings-table", "--height", "6000");
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("images: 4 embedded", "OK:").doesNotContain("FAIL");
        BufferedImage shot = Images.decode(Files.readAllBytes(out.resolve("report.png")));
        assertThat(shot.getWidth()).isEqualTo(1280);
        assertThat(shot.getHeight()).isEqualTo(6000);
        // The pictures and text were painted, not a blank page.
        assertThat(Images.distinctColours(shot)).isGreaterThan(500);
        String dom = Files.readString(out.resolve("dom.html"));
        assertThat(dom).contains("Run: metalr (run)", "85.00%", "train.optimizer.name");
    }

    @Test
    void aComparisonReportRendersToo() throws Exception {
        Map<String, Object> metrics = Fixtures.metrics();
        Path out = Files.createDirectories(dir.resolve("comparison"));
        ComparisonPage.builder("comparison")
                .addRun("all", Fixtures.run(dir.resolve("all-0"), 0, metrics))
                .addRun("metalr", Fixtures.run(dir.resolve("metalr-0"), 0, metrics))
                .build().write(out);
        Result r = check(out.resolve("report.html"), dir.resolve("browser-comparison"), "--min-images", "3",
                "--table", "comparison", "--height", "2400");
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("comparison (2 rows)", "images: 4 embedded");
    }

    @Test
    void theCheckCatchesAPageThatReachesOut() throws Exception {
        Path page = Fixtures.write(dir.resolve("leaky.html"), "<!DOCTYPE html><html><head>"
                + "<link rel=\"stylesheet\" href=\"https://fonts.example.invalid/a.css\"></head><body>"
                + "<table><tbody><tr><td>1</td></tr></tbody></table>"
                + "<img src=\"http://example.invalid/lr_curves.png\"></body></html>");
        Result r = check(page, dir.resolve("browser-leaky"), "--height", "600");
        assertThat(r.exit()).as(r.output()).isEqualTo(1);
        assertThat(r.output()).contains("FAIL: image 1 is not embedded: src=http://example.invalid/lr_curves.png",
                "FAIL: the page requested http://example.invalid/lr_curves.png",
                "FAIL: the page requested https://fonts.example.invalid/a.css",
                "FAIL: the page links a style sheet");
    }
}
