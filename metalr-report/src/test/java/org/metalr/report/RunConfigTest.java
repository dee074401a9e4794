package org.metalr.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunConfigTest {

    @TempDir
    Path dir;

    @Test
    void flattensNestedSettingsInFileOrder() throws IOException {
        Path f = Fixtures.write(dir.resolve("config.json"), """
                {"train": {"method": "bidir:2-5", "lr": 0.01, "optimizer": {"name": "sgd", "momentum": 0.9}},
                 "model": {"groups": ["stem", "fc"], "frozen": [false, true]},
                 "folds": [{"k": 1}, {"k": 2}], "backend": "djl", "note": null, "empty": {}}
                """);
        RunConfig c = RunConfig.read(f);
        assertThat(c.settings()).containsExactly(
                java.util.Map.entry("train.method", "bidir:2-5"),
                java.util.Map.entry("train.lr", "0.01"),
                java.util.Map.entry("train.optimizer.name", "sgd"),
                java.util.Map.entry("train.optimizer.momentum", "0.9"),
                java.util.Map.entry("model.groups", "[stem, fc]"),
                java.util.Map.entry("model.frozen", "[false, true]"),
                java.util.Map.entry("folds[0].k", "1"),
                java.util.Map.entry("folds[1].k", "2"),
                java.util.Map.entry("backend", "djl"),
                java.util.Map.entry("note", "null"),
                java.util.Map.entry("empty", "{}"));
        assertThat(c.get("train.method")).isEqualTo("bidir:2-5");
    }

    @Test
    void malformedJsonIsNamedWithLineAndColumn() throws IOException {
        Path f = Fixtures.write(dir.resolve("config.json"), "{\n  \"train\": {\"lr\": 0.01,,}\n}\n");
        assertThatThrownBy(() -> RunConfig.read(f)).isInstanceOf(RunFileException.class)
                .hasMessageStartingWith(f + ": not valid JSON: ").hasMessageContaining("(line 2, column");
    }

    @Test
    void aJsonValueOtherThanAnObjectIsRefused() throws IOException {
        Path array = Fixtures.write(dir.resolve("a.json"), "[1, 2]");
        assertThatThrownBy(() -> RunConfig.read(array)).hasMessage(array + ": holds a JSON array; expected an object");
        Path empty = Fixtures.write(dir.resolve("b.json"), "  \n");
        assertThatThrownBy(() -> RunConfig.read(empty)).hasMessage(empty + ": empty; expected a JSON object");
        Path twice = Fixtures.write(dir.resolve("c.json"), "{} {}");
        assertThatThrownBy(() -> RunConfig.read(twice)).hasMessageContaining("unexpected content after the JSON object");
    }
}
