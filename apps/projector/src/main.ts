import 'reflect-metadata';
import { runService } from '@hindsight/runtime';
import { projectorService } from './projector-service';

runService(projectorService);
