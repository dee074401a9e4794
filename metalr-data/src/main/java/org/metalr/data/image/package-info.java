/**
 * 2D images: dataset layouts ({@link org.metalr.data.image.ImageFolder},
 * {@link org.metalr.data.image.BusiLayout}, {@link org.metalr.data.image.KermanyLayout},
 * {@link org.metalr.data.image.PocusLayout}, {@link org.metalr.data.image.SplitFolders},
 * {@link org.metalr.data.image.CsvManifest}; registered as {@code imagefolder}, {@code busi},
 * {@code chestxray}, {@code pocus} and {@code manifest}, each opening an
 * {@link org.metalr.data.image.ImageDataset}), decoding ({@link org.metalr.data.image.ImageDecoder}: PNG,
 * JPEG, BMP, and DICOM through {@link org.metalr.data.dicom.DicomImage}),
 * torchvision-compatible transforms ({@link org.metalr.data.image.ImagePipeline}) and the three batch
 * streams of a run ({@link org.metalr.data.image.ImageBatches}).
 *
 * <p>From a folder to batches:
 * <pre>{@code
 * DatasetSplits splits = KermanyLayout.load(root, 0.1, seed, ScanOptions.strict());
 * try (ImageBatches data = ImageBatches.open(splits, ImagePipeline.pocusPaper(),
 *         ImageBatches.Options.defaults(32, seed))) {
 *     for (int epoch = 0; epoch < epochs; epoch++) {
 *         try (BatchStream train = data.train(epoch)) {
 *             while (train.hasNext()) {
 *                 step(train.next(), data.metaValidation().next());
 *             }
 *         }
 *     }
 *     try (BatchStream test = data.test()) { ... }
 * }
 * }</pre>
 */
package org.metalr.data.image;
