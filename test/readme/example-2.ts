// README example: an allowance (type-checked by npm test; test/readme.test.ts keeps it in step).
import { IConstruct } from 'constructs';
import { Allowances } from '../../lib';

declare const construct: IConstruct;

Allowances.of(construct).allow('run-as-root', 'the vendor image needs uid 0 to bind port 80');
