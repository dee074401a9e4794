/**
 * Fine-tuning runs: {@link org.metalr.train.Trainer} takes a {@link org.metalr.train.TrainConfig}, a
 * {@link org.metalr.api.Backend}, a {@link org.metalr.train.RunModel} (a network description,
 * {@link org.metalr.train.ModelSpec}, or a model of the user's own, {@link org.metalr.train.UserModel})
 * and {@link org.metalr.train.TrainingData}, runs one method of {@link org.metalr.train.method} through the
 * same loop as every other, selects the model on validation accuracy (segmentation: mean Dice over
 * the validation volumes), tests it, and writes a run folder that a killed run
 * {@linkplain org.metalr.train.Trainer#resume() resumes} from exactly.
 * {@link org.metalr.train.Repetitions} repeats a run over seeds and folds and summarises the medians.
 *
 * <pre>{@code
 * TrainConfig config = TrainConfig.builder().method("bidir:4-7").epochs(20).seed(1).build();
 * try (TrainingData data = TrainingData.images(splits, pipeline, config, TrainingData.Options.defaults())) {
 *     RunReport report = new Trainer(config, Backends.named("javacpp"), ModelSpec.of(network, weights), data, out)
 *             .run();
 * }
 * }</pre>
 *
 * <p>Segmentation with the 3D U-Net, on the volumes a segmentation layout opens (here LiTS's liver):
 * <pre>{@code
 * DataRequest request = DataRequest.builder().data(root).splitSeed(seed).build();
 * VolumeDataset lits = (VolumeDataset) DatasetLayouts.open(DatasetLayouts.registry().named("lits"), request);
 * ModelFamily family = new UNet3D();                       // or ModelFamilies.registry().named("unet3d")
 * Network unet = family.network(new ModelFamily.Options(1, 1, 32));
 * try (TrainingData data = TrainingData.volumes(lits, config, TrainingData.Options.defaults())) {
 *     // the family gives the U-Net its readings of depth, I1 and I2, for mina:
 *     RunReport report = new Trainer(config, backend, ModelSpec.of(family, unet, weights), data, out).run();
 *     SegmentationMetrics test = report.testSelected().segmentation();
 * }
 * }</pre>
 */
package org.metalr.train;
