/**
 * DICOM images (PS3.10 files): a reader of single-frame grey and RGB images in the uncompressed
 * transfer syntaxes ({@link org.metalr.data.dicom.DicomImage}, {@link org.metalr.data.dicom.TransferSyntax}),
 * and their rendering to {@code [0, 1]} through a VOI window ({@link org.metalr.data.dicom.DicomWindow}).
 * Self-contained: it knows nothing of the image pipeline, which takes the rendering as a decoded image.
 *
 * <pre>{@code
 * DicomImage image = DicomImage.read(Path.of("ct.dcm"));   // BadInputException naming the file if it cannot
 * double[] hu = image.modalityValues();                     // e.g. Hounsfield units, [C, H, W]
 * float[] shown = image.render(DicomWindow.parse("40,400")); // soft-tissue window, [C, H, W] in [0, 1]
 * }</pre>
 */
package org.metalr.data.dicom;
