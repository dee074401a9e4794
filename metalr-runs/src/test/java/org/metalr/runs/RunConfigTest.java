package org.metalr.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunConfigTest {

    @TempDir
    Path dir;

    @Test
    void flattensNestedSettingsInFileOrder() throws IOException {
        Path f = Files.writeString(dir.resolve(RunConfig.FILE_NAME), """
                {"train": {"method": "bidir:2-5", "lr": 0.01, "optimizer": {"name": "sgd", "momentum": 0.9}},
                 "model": {"name": "resnet18", "groups": ["stem", "fc"], "frozen": [false, true]},
                 "folds": [{"k": 1}, {"k": 2}], "backend": "djl", "note": null, "empty": {}}
                """);
        assertThat(RunConfig.flatten(RunFiles.readTree(f))).containsExactly(
                Map.entry("train.method", "bidir:2-5"),
                Map.entry("train.lr", "0.01"),
                Map.entry("train.optimizer.name", "sgd"),
                Map.entry("train.optimizer.momentum", "0.9"),
                Map.entry("model.name", "resnet18"),
                Map.entry("model.groups", "[stem, fc]"),
                Map.entry("model.frozen", "[false, true]"),
                Map.entry("folds[0].k", "1"),
                Map.entry("folds[1].k", "2"),
                Map.entry("backend", "djl"),
                Map.entry("note", "null"),
                Map.entry("empty", "{}"));
        RunConfig c = RunFiles.read(f, RunConfig.class);
        assertThat(c.setting("train.method")).contains("bidir:2-5");
        assertThat(c.model().groups()).containsExactly("stem", "fc");
        assertThat(c.model().frozen()).containsExactly(false, true);
        assertThat(c.backend()).isEqualTo("djl");
        assertThat(c.evaluation()).isNull();
    }

    @Test
    void malformedJsonIsNamedWithLineAndColumn() throws IOException {
        Path f = Files.writeString(dir.resolve(RunConfig.FILE_NAME), "{\n  \"train\": {\"lr\": 0.01,,}\n}\n");
        assertThatThrownBy(() -> RunFiles.read(f, RunConfig.class)).isInstanceOf(RunFileException.class)
                .hasMessageStartingWith(f + ": not valid JSON: ").hasMessageContaining("(line 2, column");
    }

    @Test
    void aJsonValueOtherThanAnObjectIsRefused() throws IOException {
        Path array = Files.writeString(dir.resolve("a.json"), "[1, 2]");
        assertThatThrownBy(() -> RunFiles.read(array, RunConfig.class)).isInstanceOf(RunFileException.class)
                .hasMessageStartingWith(array + ": ");
        Path twice = Files.writeString(dir.resolve("c.json"), "{} {}");
        assertThatThrownBy(() -> RunFiles.read(twice, RunConfig.class))
                .hasMessageContaining("unexpected content after the JSON value");
    }
}
