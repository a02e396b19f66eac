#!/usr/bin/python3
"""Validates NWB files with HDMF's own validator against the official NWB schema (the YAML files).

The cross-check for h5nwb's validate(): HDMF reads the file into builders (no PyNWB classes involved) and
hdmf.validate.ValidatorMap judges them against the namespace loaded from
<schema>/hdmf-common-schema/common/namespace.yaml and <schema>/core/nwb.namespace.yaml.

    /usr/bin/python3 scripts/nwb-validate.py [--schema DIR] [--family-member-size N] FILE...

--schema defaults to ../shared/nwb-schema/2.9.0 next to the repository. Prints one JSON object:
{"errors": [{"file", "kind", "name", "reason", "location", "message"}, ...], "fatal": [{"file", "message"}, ...]}
and exits 0 when every file is valid, 1 when some are not, 2 when a file or the schema cannot be read (listed
in "fatal" with the reason).

Needs Debian's python3-hdmf (3.5.1 on bookworm) and python3-h5py: run it with /usr/bin/python3.
"""
import argparse
import json
import os
import sys

try:
    import h5py
    import numpy as np
    import hdmf.backends.hdf5.h5tools as h5tools
    from hdmf.backends.hdf5 import HDF5IO
    from hdmf.build import BuildManager, TypeMap
    from hdmf.spec import DatasetSpec, GroupSpec, NamespaceCatalog, SpecNamespace
    from hdmf.validate import ValidatorMap
except ImportError as e:  # pragma: no cover - depends on the machine
    sys.stderr.write('nwb-validate.py needs python3-hdmf and python3-h5py (Debian: apt-get install python3-hdmf); '
                     'run it with /usr/bin/python3 (%s)\n' % e)
    sys.exit(2)


class _ReadableDatasetBuilder(h5tools.DatasetBuilder):
    """HDMF before 3.14.4 cannot hold a scalar compound dataset (ElectrodeGroup position, as PyNWB 2.8 writes it):
    h5py reads it as a numpy.void, which DatasetBuilder refuses. It is held as a one-element array instead, which
    HDMF's validator judges field by field like any compound data."""

    def __init__(self, *args, **kwargs):
        if isinstance(kwargs.get('data'), np.void):
            kwargs['data'] = np.array([kwargs['data']])
        super().__init__(*args, **kwargs)


h5tools.DatasetBuilder = _ReadableDatasetBuilder  # the one place HDF5IO makes dataset builders when reading


class _NeurodataKeys:
    """NWB spells HDMF's data_type_def/data_type_inc/data_type as neurodata_type_def/..._inc/neurodata_type."""

    @classmethod
    def type_key(cls):
        return 'neurodata_type'

    @classmethod
    def inc_key(cls):
        return 'neurodata_type_inc'

    @classmethod
    def def_key(cls):
        return 'neurodata_type_def'

    @classmethod
    def build_const_args(cls, spec_dict):
        args = super().build_const_args(spec_dict)
        for nwb, hdmf in (('neurodata_type_def', 'data_type_def'), ('neurodata_type_inc', 'data_type_inc')):
            if nwb in args:
                args[hdmf] = args.pop(nwb)
        return args


class NWBDatasetSpec(_NeurodataKeys, DatasetSpec):
    pass


class NWBGroupSpec(_NeurodataKeys, GroupSpec):
    @classmethod
    def dataset_spec_cls(cls):
        return NWBDatasetSpec


class NWBNamespace(SpecNamespace):
    @classmethod
    def types_key(cls):
        return 'neurodata_types'


def load_catalog(schema):
    common = os.path.join(schema, 'hdmf-common-schema', 'common', 'namespace.yaml')
    core = os.path.join(schema, 'core', 'nwb.namespace.yaml')
    for p in (common, core):
        if not os.path.isfile(p):
            raise FileNotFoundError('the NWB schema is missing: %s does not exist (give --schema DIR)' % p)
    catalog = NamespaceCatalog(NWBGroupSpec, NWBDatasetSpec, NWBNamespace)
    catalog.load_namespaces(common)
    catalog.load_namespaces(core)
    return catalog


def error_entry(path, e):
    return {
        'file': path,
        'kind': type(e).__name__,
        'name': getattr(e, 'name', None),
        'reason': getattr(e, 'reason', None),
        'location': getattr(e, 'location', None),
        'message': str(e),
    }


def validate_file(catalog, path, member_size=None):
    """The errors HDMF finds in one file; raises when the file cannot be read."""
    manager = BuildManager(TypeMap(catalog))
    if member_size:
        io = HDF5IO(file=h5py.File(path, 'r', driver='family', memb_size=member_size), mode='r', manager=manager)
    else:
        io = HDF5IO(path, 'r', manager=manager)
    with io:
        root = io.read_builder()
        vmap = ValidatorMap(catalog.get_namespace('core'))
        errors = list(vmap.validate(root))
        # HDMF 3.5 validates a typed member only against the type its parent's spec names (a TimeSeries in
        # /acquisition as an NWBDataInterface): validate every typed object against its own type as well.
        for b in typed_builders(root):
            dt = b.attributes.get('neurodata_type')
            try:
                validator = vmap.get_validator(dt)
            except ValueError:
                errors.append(UnknownType(b, dt))
                continue
            errors.extend(validator.validate(b))
    seen, out = set(), []
    for e in errors:
        entry = error_entry(path, e)
        key = (entry['kind'], entry['message'])
        if key not in seen:
            seen.add(key)
            out.append(entry)
    return out


class UnknownType(Exception):
    def __init__(self, builder, dt):
        super().__init__('%s (%s): neurodata type not in the namespace' % (builder.path, dt))
        self.name = builder.path
        self.reason = 'unknown neurodata type %r' % dt
        self.location = builder.path


def typed_builders(root):
    """Every group and dataset builder below root that has a neurodata_type (links not followed)."""
    out, stack, seen = [], [root], set()
    while stack:
        g = stack.pop()
        for child in list(g.groups.values()) + list(g.datasets.values()):
            if id(child) in seen:
                continue
            seen.add(id(child))
            if child.attributes.get('neurodata_type') is not None:
                out.append(child)
            if hasattr(child, 'groups'):
                stack.append(child)
    return out


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description='Validate NWB files with HDMF against the official NWB schema.')
    parser.add_argument('--schema', default=os.path.join(here, '..', '..', 'shared', 'nwb-schema', '2.9.0'),
                        help='folder of the schema version (with core/ and hdmf-common-schema/common/)')
    parser.add_argument('--family-member-size', type=int, default=None,
                        help="open the files with the family driver (a path with '%%d') and this member size")
    parser.add_argument('files', nargs='+')
    args = parser.parse_args(argv)
    try:
        catalog = load_catalog(os.path.abspath(args.schema))
    except Exception as e:
        print(json.dumps({'errors': [], 'fatal': [{'file': None, 'message': str(e)}]}))
        return 2
    errors, fatal = [], []
    for path in args.files:
        try:
            errors.extend(validate_file(catalog, path, args.family_member_size))
        except Exception as e:  # an unreadable file is reported, not raised
            fatal.append({'file': path, 'message': '%s: %s' % (type(e).__name__, e)})
    print(json.dumps({'errors': errors, 'fatal': fatal}))
    return 2 if fatal else 1 if errors else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
