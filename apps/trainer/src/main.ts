import 'reflect-metadata';
import { runService } from '@hindsight/runtime';
import { trainerService } from './trainer-service';

runService(trainerService());
