import { z } from "../util/zod";
import * as info from "./info";
import * as catalogue from "./catalogue";
import * as prescribing from "./prescribe";
import * as reading from "./read";
import * as pharmacy from "./dispense";
import * as repeats from "./repeat";
import * as printing from "./document";
import { PrescriptionEvent as EventSchema } from "./event";

/**
 * Prescriptions (docs/prescriptions.md): a doctor prescribes from a visit they have seen, a
 * pharmacist dispenses at the counter (idempotent, never beyond what was prescribed), the patient
 * reads theirs and asks for a repeat, the prescriber answers. A prescription is written once;
 * every read and write is audited with the patient id; events go through the outbox.
 */
export namespace Prescription {
  export const Info = info.Info;
  export type Info = z.infer<typeof info.Info>;
  export const Medication = info.Medication;
  export const PharmacyItem = info.PharmacyItem;
  export const RepeatRequest = info.RepeatRequest;
  export const Event = EventSchema;
  export type Event = z.infer<typeof EventSchema>;

  export const NewMedication = catalogue.NewMedication;
  export const MedicationPatch = catalogue.MedicationPatch;
  export const MedicationListInput = catalogue.MedicationListInput;
  export const listMedications = catalogue.listMedications;
  export const addMedication = catalogue.addMedication;
  export const updateMedication = catalogue.updateMedication;

  export const PrescribeInput = prescribing.PrescribeInput;
  export const CancelInput = prescribing.CancelInput;
  export const prescribe = prescribing.prescribe;
  export const cancel = prescribing.cancel;

  export const ListInput = reading.ListInput;
  export const list = reading.list;
  export const read = reading.read;

  export const QueueInput = pharmacy.QueueInput;
  export const DispenseInput = pharmacy.DispenseInput;
  export const DispenseResult = pharmacy.DispenseResult;
  export const queue = pharmacy.queue;
  export const readForPharmacy = pharmacy.readForPharmacy;
  export const dispense = pharmacy.dispense;

  export const RequestInput = repeats.RequestInput;
  export const ApproveInput = repeats.ApproveInput;
  export const DeclineInput = repeats.DeclineInput;
  export const RepeatListInput = repeats.RepeatListInput;
  export const requestRepeat = repeats.request;
  export const listRepeatRequests = repeats.listRequests;
  export const approveRepeat = repeats.approve;
  export const declineRepeat = repeats.decline;

  export const pdfUrl = printing.pdfUrl;
}
