/** Which class represents each type when a file is read (types without a class read as plain Containers). */
import { TypeRegistry } from '../build/mapper';
import { Container } from './base';
import { Device, ProcessingModule, Subject, TimeSeries } from './core';
import { ElectricalSeries, ElectrodeGroup, ElectrodesTable, FilteredEphys, LFP, SpikeEventSeries } from './ecephys';
import { NWBFile } from './file';
import {
  AnnotationSeries, ImageSeries, ImagingPlane, OpticalChannel, Position, SpatialSeries, TimeIntervals, TwoPhotonSeries, Units,
} from './misc';
import {
  DynamicTable, DynamicTableRegion, ElementIdentifiers, TimeSeriesReferenceVectorData, VectorData, VectorIndex,
} from './table';

/** An instance of a typed class made without running its constructor (the read fills its places). */
export function blank<T extends Container>(cls: { prototype: T }, type: string, name: string): T {
  const o = Object.create(cls.prototype) as T;
  const w = o as unknown as Record<string, unknown>;
  w.neurodataType = type;
  w.name = name;
  w.namespace = 'core';
  w.objectId = '';
  w.parent = null;
  w.fields = new Map();
  w._origin = null;
  w._modified = false;
  w._broken = null;
  w._attrTypes = null;
  w._cleared = null;
  return o;
}

const CLASSES: [string, { prototype: Container }][] = [
  ['NWBFile', NWBFile],
  // Derived types before their ancestors: a type without a class of its own takes the first class it derives from.
  ['SpikeEventSeries', SpikeEventSeries],
  ['ElectricalSeries', ElectricalSeries],
  ['TwoPhotonSeries', TwoPhotonSeries],
  ['ImageSeries', ImageSeries],
  ['AnnotationSeries', AnnotationSeries],
  ['SpatialSeries', SpatialSeries],
  ['ElectrodeGroup', ElectrodeGroup],
  ['LFP', LFP],
  ['FilteredEphys', FilteredEphys],
  ['Position', Position],
  ['ImagingPlane', ImagingPlane],
  ['OpticalChannel', OpticalChannel],
  ['ElectrodesTable', ElectrodesTable],
  ['Units', Units],
  ['TimeIntervals', TimeIntervals],
  ['DynamicTable', DynamicTable],
  ['DynamicTableRegion', DynamicTableRegion],
  ['VectorIndex', VectorIndex],
  ['TimeSeriesReferenceVectorData', TimeSeriesReferenceVectorData],
  ['VectorData', VectorData],
  ['ElementIdentifiers', ElementIdentifiers],
  ['TimeSeries', TimeSeries],
  ['Device', Device],
  ['Subject', Subject],
  ['ProcessingModule', ProcessingModule],
];

/** The registry of the built-in typed classes. Types derived from a registered type use its class. */
export function defaultRegistry(isA: (type: string, ancestor: string) => boolean): TypeRegistry {
  const r = new TypeRegistry();
  const resolved = new Map<string, { prototype: Container }>();
  const classFor = (type: string) => {
    if (!resolved.has(type)) {
      const hit = CLASSES.find(([t]) => t === type) ?? CLASSES.find(([t]) => t !== 'NWBFile' && isA(type, t));
      resolved.set(type, hit ? hit[1] : Container);
    }
    return resolved.get(type)!;
  };
  r.fallback = (type, name) => blank(classFor(type), type, name);
  return r;
}

export { CLASSES };
