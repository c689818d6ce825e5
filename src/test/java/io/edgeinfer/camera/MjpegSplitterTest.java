package io.edgeinfer.camera;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class MjpegSplitterTest {

    private static List<MjpegSplitter.Frame> split(byte[] stream, int max) throws IOException {
        MjpegSplitter s = new MjpegSplitter(new ByteArrayInputStream(stream), max);
        List<MjpegSplitter.Frame> out = new ArrayList<>();
        MjpegSplitter.Frame f;
        while ((f = s.next()) != null) {
            out.add(f);
        }
        return out;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.writeBytes(p);
        }
        return b.toByteArray();
    }

    @Test
    void theRecordedStreamSplitsIntoItsTwentyWholeFrames() throws Exception {
        byte[] stream = Recorded.stream();
        List<MjpegSplitter.Frame> frames = split(stream, 1 << 20);
        assertThat(frames).hasSize(20).allMatch(MjpegSplitter.Frame::complete);
        assertThat(frames.stream().mapToInt(f -> f.bytes().length).sum()).isEqualTo(stream.length);
        for (MjpegSplitter.Frame f : frames) {
            byte[] b = f.bytes();
            assertThat(new int[]{b[0] & 0xFF, b[1] & 0xFF, b[b.length - 2] & 0xFF, b[b.length - 1] & 0xFF})
                    .containsExactly(0xFF, 0xD8, 0xFF, 0xD9);
        }
    }

    @Test
    void bytesBetweenFramesAreSkipped() throws Exception {
        List<byte[]> f = Recorded.frames();
        byte[] junk = {0x00, (byte) 0xFF, 0x12, (byte) 0xFF, (byte) 0xD9, 0x33};
        List<MjpegSplitter.Frame> out = split(concat(junk, f.get(0), junk, f.get(1), junk), 1 << 20);
        assertThat(out).hasSize(2).allMatch(MjpegSplitter.Frame::complete);
        assertThat(out.get(0).bytes()).isEqualTo(f.get(0));
        assertThat(out.get(1).bytes()).isEqualTo(f.get(1));
    }

    @Test
    void aFrameCutShortByTheNextOneIsMarkedIncompleteAndTheNextIsWhole() throws Exception {
        List<byte[]> f = Recorded.frames();
        byte[] cut = Arrays.copyOf(f.get(0), f.get(0).length / 2);
        List<MjpegSplitter.Frame> out = split(concat(cut, f.get(1), f.get(2)), 1 << 20);
        assertThat(out).extracting(MjpegSplitter.Frame::complete).containsExactly(false, true, true);
        assertThat(out.get(0).bytes()).isEqualTo(cut);
        assertThat(out.get(1).bytes()).isEqualTo(f.get(1));
    }

    @Test
    void theEndOfTheStreamInsideAFrameGivesAnIncompleteFrame() throws Exception {
        List<byte[]> f = Recorded.frames();
        byte[] cut = Arrays.copyOf(f.get(1), f.get(1).length - 10);
        List<MjpegSplitter.Frame> out = split(concat(f.get(0), cut), 1 << 20);
        assertThat(out).extracting(MjpegSplitter.Frame::complete).containsExactly(true, false);
    }

    @Test
    void anEmbeddedThumbnailsEndMarkerDoesNotEndTheFrame() throws Exception {
        byte[] frame = Recorded.frames().get(3);
        byte[] thumb = Recorded.frames().get(4);
        // An APP1 (EXIF) segment right after SOI that carries a whole JPEG, FF D9 included.
        byte[] payload = concat("Exif\0\0".getBytes(), thumb);
        int len = payload.length + 2;
        byte[] app1 = concat(new byte[]{(byte) 0xFF, (byte) 0xE1, (byte) (len >> 8), (byte) len}, payload);
        byte[] withExif = concat(Arrays.copyOf(frame, 2), app1, Arrays.copyOfRange(frame, 2, frame.length));
        List<MjpegSplitter.Frame> out = split(concat(withExif, frame), 1 << 20);
        assertThat(out).hasSize(2).allMatch(MjpegSplitter.Frame::complete);
        assertThat(out.get(0).bytes()).isEqualTo(withExif);
    }

    @Test
    void aFrameOverTheSizeLimitIsDroppedAndSplittingResumes() throws Exception {
        List<byte[]> f = Recorded.frames();
        int max = Math.max(f.get(0).length, f.get(2).length) + 1;
        byte[] big = concat(Arrays.copyOf(f.get(1), 2), new byte[max * 2], Arrays.copyOfRange(f.get(1), 2, f.get(
                1).length));
        List<MjpegSplitter.Frame> out = split(concat(f.get(0), big, f.get(2)), max);
        assertThat(out).extracting(MjpegSplitter.Frame::complete).containsExactly(true, false, true);
        assertThat(out.get(2).bytes()).isEqualTo(f.get(2));
    }
}
