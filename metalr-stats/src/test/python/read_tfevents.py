#!/usr/bin/python3
"""Decodes a TensorBoard event file independently of metalr's Java writer and prints it as JSON.

The TFRecord framing is parsed by hand (uint64 length, masked CRC-32C of the length, data, masked
CRC-32C of the data; little-endian), with a bitwise CRC-32C written here. Each record is parsed by the
protobuf library (Debian's python3-protobuf) as a tensorflow.Event, whose definition is built at run
time with the field numbers of TensorFlow's event.proto and summary.proto (the real .proto files and
tensorboard are not packaged for Debian). The script also checks that re-serialising each parsed
event gives back the record's bytes, so the writer encodes exactly as protobuf does.

Usage: read_tfevents.py FILE  ->  [{"wall_time": ..., "step": ..., "file_version": ...} |
                                    {"wall_time": ..., "step": ..., "values": [[tag, value], ...]}, ...]
Exit status 1 with a message on a CRC mismatch, a truncated record or a record that does not
round-trip.
"""
import json
import math
import struct
import sys

from google.protobuf import descriptor_pb2, descriptor_pool, message_factory


def crc32c(data):
    crc = 0xFFFFFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0x82F63B78 if crc & 1 else crc >> 1
    return crc ^ 0xFFFFFFFF


def masked(crc):
    return ((((crc >> 15) | (crc << 17)) & 0xFFFFFFFF) + 0xA282EAD8) & 0xFFFFFFFF


def event_class():
    f = descriptor_pb2.FieldDescriptorProto
    proto = descriptor_pb2.FileDescriptorProto(name='metalr_tfevents_check.proto', package='tensorflow',
                                               syntax='proto3')
    summary = proto.message_type.add(name='Summary')
    value = summary.nested_type.add(name='Value')
    value.oneof_decl.add(name='value')
    value.field.add(name='tag', number=1, type=f.TYPE_STRING, label=f.LABEL_OPTIONAL)
    value.field.add(name='simple_value', number=2, type=f.TYPE_FLOAT, label=f.LABEL_OPTIONAL, oneof_index=0)
    summary.field.add(name='value', number=1, type=f.TYPE_MESSAGE, label=f.LABEL_REPEATED,
                      type_name='.tensorflow.Summary.Value')
    event = proto.message_type.add(name='Event')
    event.oneof_decl.add(name='what')
    event.field.add(name='wall_time', number=1, type=f.TYPE_DOUBLE, label=f.LABEL_OPTIONAL)
    event.field.add(name='step', number=2, type=f.TYPE_INT64, label=f.LABEL_OPTIONAL)
    event.field.add(name='file_version', number=3, type=f.TYPE_STRING, label=f.LABEL_OPTIONAL, oneof_index=0)
    event.field.add(name='summary', number=5, type=f.TYPE_MESSAGE, label=f.LABEL_OPTIONAL, oneof_index=0,
                    type_name='.tensorflow.Summary')
    pool = descriptor_pool.DescriptorPool()
    pool.Add(proto)
    descriptor = pool.FindMessageTypeByName('tensorflow.Event')
    if hasattr(message_factory, 'GetMessageClass'):
        return message_factory.GetMessageClass(descriptor)
    return message_factory.MessageFactory(pool).GetPrototype(descriptor)


def number(v):
    return v if math.isfinite(v) else str(v).replace('inf', 'Infinity').replace('nan', 'NaN')


def main(path):
    Event = event_class()
    data = open(path, 'rb').read()
    position, out = 0, []
    while position < len(data):
        if len(data) - position < 12:
            sys.exit(f'truncated header at byte {position}')
        header = data[position:position + 8]
        (length,) = struct.unpack('<Q', header)
        (length_crc,) = struct.unpack('<I', data[position + 8:position + 12])
        if masked(crc32c(header)) != length_crc:
            sys.exit(f'length CRC mismatch at byte {position}')
        body = data[position + 12:position + 12 + length]
        footer = data[position + 12 + length:position + 16 + length]
        if len(body) != length or len(footer) != 4:
            sys.exit(f'truncated record at byte {position}')
        if masked(crc32c(body)) != struct.unpack('<I', footer)[0]:
            sys.exit(f'data CRC mismatch at byte {position}')
        event = Event()
        event.ParseFromString(body)
        if event.SerializeToString() != body:
            sys.exit(f'record at byte {position} does not round-trip through protobuf')
        entry = {'wall_time': event.wall_time, 'step': event.step}
        if event.WhichOneof('what') == 'file_version':
            entry['file_version'] = event.file_version
        else:
            entry['values'] = [[v.tag, number(v.simple_value)] for v in event.summary.value]
        out.append(entry)
        position += 16 + length
    print(json.dumps(out, ensure_ascii=False))


if __name__ == '__main__':
    main(sys.argv[1])
