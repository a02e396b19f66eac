/** NWBFile: the root container, with PyNWB's verbs in camelCase. */
import { shallowCopyFile } from './shallow';
import { Container } from './base';
import { Device, ProcessingModule, Subject } from './core';
import * as ecephys from './ecephys';
import * as misc from './misc';
import type { AddColumnArgs, DynamicTable, DynamicTableRegion } from './table';
import { assignArgs, defineProps, objectArgs, requireArgs } from './props';
import { DateLike, NaiveWarning, normalizeDateTime } from './time';

/** The NWB schema version h5nwb writes. */
export const NWB_VERSION = '2.9.0';

const FILE_MAP = {
  identifier: 'identifier',
  sessionDescription: 'session_description',
  sessionStartTime: 'session_start_time',
  timestampsReferenceTime: 'timestamps_reference_time',
  fileCreateDate: 'file_create_date',
  nwbVersion: '@nwb_version',
  dataCollection: 'general/data_collection',
  experimentDescription: 'general/experiment_description',
  experimenter: 'general/experimenter',
  institution: 'general/institution',
  keywords: 'general/keywords',
  lab: 'general/lab',
  notes: 'general/notes',
  pharmacology: 'general/pharmacology',
  protocol: 'general/protocol',
  relatedPublications: 'general/related_publications',
  sessionId: 'general/session_id',
  slices: 'general/slices',
  sourceScript: 'general/source_script',
  sourceScriptFileName: 'general/source_script@file_name',
  wasGeneratedBy: 'general/was_generated_by',
  stimulusNotes: 'general/stimulus',
  surgery: 'general/surgery',
  virus: 'general/virus',
  subject: 'general/subject',
  electrodes: 'general/extracellular_ephys/electrodes',
  epochs: 'intervals/epochs',
  trials: 'intervals/trials',
  invalidTimes: 'intervals/invalid_times',
  units: 'units',
};

export interface NWBFileArgs {
  identifier: string;
  sessionDescription: string;
  sessionStartTime: DateLike;
  timestampsReferenceTime?: DateLike;
  fileCreateDate?: DateLike | DateLike[];
  experimenter?: string | string[];
  experimentDescription?: string;
  sessionId?: string;
  institution?: string;
  keywords?: string[];
  notes?: string;
  pharmacology?: string;
  protocol?: string;
  relatedPublications?: string | string[];
  slices?: string;
  sourceScript?: string;
  sourceScriptFileName?: string;
  wasGeneratedBy?: string[][];
  dataCollection?: string;
  surgery?: string;
  virus?: string;
  stimulusNotes?: string;
  lab?: string;
  subject?: Subject;
  /** Called with a message when a datetime had no timezone (default: process.emitWarning). */
  onWarning?: NaiveWarning;
}

const ARRAY_TEXT = new Set(['experimenter', 'relatedPublications', 'keywords']);

/** Groups of the file (places of typed children). */
const ACQUISITION = 'acquisition/*';
const ANALYSIS = 'analysis/*';
const SCRATCH = 'scratch/*';
const PROCESSING = 'processing/*';
const PRESENTATION = 'stimulus/presentation/*';
const TEMPLATES = 'stimulus/templates/*';
const DEVICES = 'general/devices/*';
const ELECTRODE_GROUPS = 'general/extracellular_ephys/*';
const LAB_META = 'general/*';
const INTERVALS = 'intervals/*';
const IMAGING_PLANES = 'general/optophysiology/*';
const OGEN_SITES = 'general/optogenetics/*';
const ICEPHYS_ELECTRODES = 'general/intracellular_ephys/*';

export class NWBFile extends Container {
  declare identifier: string;
  declare sessionDescription: string;
  declare sessionStartTime: string;
  declare timestampsReferenceTime: string;
  declare fileCreateDate: string[];
  declare nwbVersion: string;
  declare experimenter: string[] | undefined;
  declare experimentDescription: string | undefined;
  declare sessionId: string | undefined;
  declare institution: string | undefined;
  declare keywords: string[] | undefined;
  declare lab: string | undefined;
  declare notes: string | undefined;
  declare relatedPublications: string[] | undefined;
  declare subject: Subject | undefined;
  declare electrodes: DynamicTable | undefined;
  declare epochs: misc.TimeIntervals | undefined;
  declare trials: misc.TimeIntervals | undefined;
  declare invalidTimes: misc.TimeIntervals | undefined;
  declare units: misc.Units | undefined;

  constructor(args: NWBFileArgs) {
    objectArgs('NWBFile', args);
    super('NWBFile', 'root');
    requireArgs('NWBFile', args as unknown as Record<string, unknown>, ['identifier', 'sessionDescription', 'sessionStartTime']);
    const warn = args.onWarning ?? ((m: string) => process.emitWarning(m, 'NWBWarning'));
    // (a plain object would be kept in the tree and silently left out of the file)
    if (args.subject !== undefined && args.subject !== null && !(args.subject instanceof Subject))
      throw new TypeError('NWBFile subject must be a Subject (new Subject({ subjectId, species, ... })), not a plain object');
    const a: Record<string, unknown> = { ...args };
    delete a.onWarning;
    a.sessionStartTime = normalizeDateTime(args.sessionStartTime, 'sessionStartTime', warn);
    a.timestampsReferenceTime = args.timestampsReferenceTime !== undefined
      ? normalizeDateTime(args.timestampsReferenceTime, 'timestampsReferenceTime', warn)
      : a.sessionStartTime;
    const created = args.fileCreateDate === undefined ? [new Date()] : Array.isArray(args.fileCreateDate) ? args.fileCreateDate : [args.fileCreateDate];
    a.fileCreateDate = created.map((d) => normalizeDateTime(d, 'fileCreateDate', warn));
    for (const k of ARRAY_TEXT) if (typeof a[k] === 'string') a[k] = [a[k]];
    a.nwbVersion = NWB_VERSION;
    assignArgs(this, a, FILE_MAP);
    if (args.subject) args.subject.parent = this;
  }

  /**
   * A shallow copy for a new file that links into this one (PyNWB's NWBFile.copy): the same containers (written
   * as links), with the DynamicTables copied and their columns linked, and the containers that refer into those
   * tables (an ElectricalSeries' electrodes, ...) copied so that they refer to the copy's tables. The file must
   * have been read from or written to a file.
   */
  copy(): NWBFile {
    return shallowCopyFile(this);
  }

  // --- acquisition, analysis, scratch, stimulus

  addAcquisition(c: Container): Container {
    return this.addChild(ACQUISITION, c);
  }
  getAcquisition(name?: string): Container {
    return ecephys.pickFrom(this.children(ACQUISITION), name, 'acquisition');
  }
  get acquisition(): Map<string, Container> {
    return this.children(ACQUISITION);
  }
  addAnalysis(c: Container): Container {
    return this.addChild(ANALYSIS, c);
  }
  getAnalysis(name?: string): Container {
    return ecephys.pickFrom(this.children(ANALYSIS), name, 'analysis');
  }
  get analysis(): Map<string, Container> {
    return this.children(ANALYSIS);
  }
  addScratch(c: Container): Container {
    return this.addChild(SCRATCH, c);
  }
  get scratch(): Map<string, Container> {
    return this.children(SCRATCH);
  }
  addStimulus(c: Container): Container {
    return this.addChild(PRESENTATION, c);
  }
  getStimulus(name?: string): Container {
    return ecephys.pickFrom(this.children(PRESENTATION), name, 'stimulus');
  }
  get stimulus(): Map<string, Container> {
    return this.children(PRESENTATION);
  }
  addStimulusTemplate(c: Container): Container {
    return this.addChild(TEMPLATES, c);
  }
  get stimulusTemplate(): Map<string, Container> {
    return this.children(TEMPLATES);
  }

  // --- processing

  createProcessingModule(args: { name: string; description: string }): ProcessingModule {
    const m = new ProcessingModule(args);
    this.addChild(PROCESSING, m);
    return m;
  }
  addProcessingModule(m: Container): Container {
    return this.addChild(PROCESSING, m);
  }
  get processing(): Map<string, Container> {
    return this.children(PROCESSING);
  }
  getProcessingModule(name?: string): Container {
    return ecephys.pickFrom(this.children(PROCESSING), name, 'processing');
  }

  // --- devices, subject, lab metadata

  createDevice(args: ConstructorParameters<typeof Device>[0]): Device {
    const d = new Device(args);
    this.addChild(DEVICES, d);
    return d;
  }
  addDevice(d: Container): Container {
    return this.addChild(DEVICES, d);
  }
  get devices(): Map<string, Container> {
    return this.children(DEVICES);
  }
  getDevice(name?: string): Container {
    return ecephys.pickFrom(this.children(DEVICES), name, 'devices');
  }
  addLabMetaData(c: Container): Container {
    return this.addChild(LAB_META, c);
  }
  get labMetaData(): Map<string, Container> {
    return this.children(LAB_META);
  }
  get electrodeGroups(): Map<string, Container> {
    return this.children(ELECTRODE_GROUPS);
  }
  addElectrodeGroup(g: Container): Container {
    return this.addChild(ELECTRODE_GROUPS, g);
  }
  get imagingPlanes(): Map<string, Container> {
    return this.children(IMAGING_PLANES);
  }
  addImagingPlane(p: Container): Container {
    return this.addChild(IMAGING_PLANES, p);
  }
  get ogenSites(): Map<string, Container> {
    return this.children(OGEN_SITES);
  }
  addOgenSite(s: Container): Container {
    return this.addChild(OGEN_SITES, s);
  }
  get icephysElectrodes(): Map<string, Container> {
    return this.children(ICEPHYS_ELECTRODES);
  }
  addIcephysElectrode(e: Container): Container {
    return this.addChild(ICEPHYS_ELECTRODES, e);
  }
  /** Other TimeIntervals tables under /intervals. */
  get intervals(): Map<string, Container> {
    return this.children(INTERVALS);
  }
  addTimeIntervals(t: Container): Container {
    return this.addChild(INTERVALS, t);
  }

  // --- extracellular ephys, units, intervals (PyNWB's verbs; the work is done in ecephys.ts and misc.ts)

  createElectrodeGroup(args: ecephys.ElectrodeGroupArgs): ecephys.ElectrodeGroup {
    return ecephys.createElectrodeGroup(this, args);
  }
  /** Adds a row to the electrodes table (created on first use) at general/extracellular_ephys/electrodes. */
  addElectrode(args: ecephys.AddElectrodeArgs): void {
    ecephys.addElectrode(this, args);
  }
  addElectrodeColumn(args: AddColumnArgs): void {
    ecephys.addElectrodeColumn(this, args);
  }
  /** Rows of the electrodes table, for ElectricalSeries.electrodes. */
  createElectrodeTableRegion(args: { region: number[]; description: string; name?: string }): DynamicTableRegion {
    return ecephys.createElectrodeTableRegion(this, args);
  }
  /** Adds a unit to the units table (created on first use). */
  addUnit(args: misc.AddUnitArgs): void {
    misc.unitsOf(this, true)!.addUnit(args);
  }
  addUnitColumn(args: AddColumnArgs): void {
    misc.unitsOf(this, true)!.addColumn(args);
  }
  addTrial(args: misc.AddIntervalArgs): void {
    misc.intervalsOf(this, 'intervals/trials').addInterval(args);
  }
  addTrialColumn(args: AddColumnArgs): void {
    misc.intervalsOf(this, 'intervals/trials').addColumn(args);
  }
  addEpoch(args: misc.AddIntervalArgs): void {
    misc.intervalsOf(this, 'intervals/epochs').addInterval(args);
  }
  addEpochColumn(args: AddColumnArgs): void {
    misc.intervalsOf(this, 'intervals/epochs').addColumn(args);
  }
  addInvalidTimeInterval(args: misc.AddIntervalArgs): void {
    misc.intervalsOf(this, 'intervals/invalid_times').addInterval(args);
  }
  addInvalidTimesColumn(args: AddColumnArgs): void {
    misc.intervalsOf(this, 'intervals/invalid_times').addColumn(args);
  }
}
defineProps(NWBFile, FILE_MAP);

