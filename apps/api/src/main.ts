import 'reflect-metadata';
import { runService } from '@hindsight/runtime';
import { apiService } from './api-service';

runService(apiService);
