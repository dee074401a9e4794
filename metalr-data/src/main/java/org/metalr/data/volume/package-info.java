/**
 * 3D CT volumes for the LiTS liver task: a NIfTI-1 reader ({@link org.metalr.data.volume.NiftiReader}), the
 * LiTS layout ({@link org.metalr.data.volume.LitsLayout}, failing on or skipping and counting bad cases as
 * {@link org.metalr.data.ScanOptions} say) and its split by case ({@link org.metalr.data.volume.LitsSplits}),
 * Models Genesis' CT preprocessing ({@link org.metalr.data.volume.IntensityWindow#MODELS_GENESIS_CT}),
 * random crops with a share centred on the liver ({@link org.metalr.data.volume.CropSampler}), 3D flips, a
 * cache of loaded volumes, crops with their masks as a source for the batch loader
 * ({@link org.metalr.data.volume.LitsCropSource}) and sliding-window prediction with stitching for
 * whole-volume evaluation ({@link org.metalr.data.volume.SlidingWindow#predict}).
 *
 * <h2>What a segmentation layout gives</h2>
 * A {@link org.metalr.data.volume.VolumeDataset} ({@link org.metalr.data.volume.LitsDataset} for the
 * registered {@code lits} layout) opens the {@link org.metalr.data.volume.SegmentationSets} of a run: crop
 * sources with masks for training and MetaLR, and named whole volumes
 * ({@link org.metalr.data.volume.VolumeSet}) for evaluation. Nothing beyond them is LiTS-shaped: another
 * volume layout provides the same four sets from its own cases.
 *
 * <h2>Bad input</h2>
 * Every problem with a file is a {@link org.metalr.data.volume.VolumeDataException}, a
 * {@link org.metalr.data.BadInputException} naming the file and the problem, as for images.
 *
 * <h2>Axis order</h2>
 * Volumes ({@link org.metalr.data.volume.Volume}) keep NIfTI file order: x varies fastest, then y, then z.
 * Crops and tiles are float32 tensors {@code [1, X, Y, Z]} (channel first, then x, y, z, z fastest),
 * which is what a PyTorch user of Models Genesis feeds to its 3D U-Net: a {@code (1, 64, 64, 32)} crop
 * cut from the {@code (X, Y, Z)} array that {@code nibabel} returns, the 32 slices along z last. A batch
 * of them is {@code [N, 1, X, Y, Z]}.
 *
 * <p>Engine-free: depends on the JDK and {@code metalr-api} only.
 */
package org.metalr.data.volume;
