package org.metalr.app;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.metalr.api.registry.Named;

/**
 * A transfer task of the study and the demo: a source domain to pre-train on and a target domain, with
 * few labels, to fine-tune on. One class per task, registered in
 * {@code META-INF/services/org.metalr.app.StudyTask} and listed by {@link StudyTasks#registry()}.
 *
 * <p>A task names its sizes ({@link #scale}); {@link TaskPipeline} pre-trains ResNet-18 on the source
 * once per output folder and fine-tunes it on the target. Implementations are stateless and thread-safe.
 */
public interface StudyTask extends Named {

    /** The names of the task's scales, the one {@code study} runs ({@code full}) first; {@code tiny} for tests. */
    List<String> scales();

    /**
     * The sizes at scale {@code name} (one of {@link #scales()}).
     *
     * @throws org.metalr.api.UserInputException naming {@code --scale} for an unknown name
     */
    TaskScale scale(String name);

    /**
     * The task's data at {@code scale}: generated into, or read from, where the task keeps it ({@code dir}
     * is the task's output folder; a generated dataset goes under {@code dir/data}). Cheap when the data
     * exist already.
     *
     * @param loaderThreads threads that may decode or generate images
     * @throws org.metalr.api.UserInputException naming the file or folder when the data cannot be used
     *     (a missing package's files, a folder holding other data)
     * @throws IOException if files cannot be read or written
     */
    Domains open(Path dir, TaskScale scale, int loaderThreads) throws IOException;

    /**
     * The two domains of a task, each through its own image pipeline.
     *
     * @param source            pre-training's splits (its test set measures pre-training)
     * @param sourceClasses     the source's number of classes (pre-training's head)
     * @param target            fine-tuning's splits: few training images, a small meta-validation set, the test set
     * @param targetClasses     the target's number of classes
     * @param channels          the images' channels as the network sees them (1 or 3)
     * @param description       one line: what the source and target are, for the console and pages
     */
    record Domains(RunData source, int sourceClasses, RunData target, int targetClasses, int channels,
            String description) {
    }
}
