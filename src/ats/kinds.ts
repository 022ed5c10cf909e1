// Every ATS whose webhooks we understand, by the name a connector is stored under.
import type { AtsConnectorKind } from './connector-kind.js';
import { generic } from './generic.js';
import { greenhouse } from './greenhouse.js';
import { huntflow } from './huntflow.js';

export type AtsKindName = AtsConnectorKind['kind'];

export const atsKinds: Readonly<Record<AtsKindName, AtsConnectorKind>> = { huntflow, greenhouse, generic };
