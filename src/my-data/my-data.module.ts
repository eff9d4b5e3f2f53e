import { Module } from '@nestjs/common';
import { FileStore } from '../assignments/file-store';
import { ActsRepository } from './acts.repository';
import { MyDataController } from './my-data.controller';
import { MyDataService } from './my-data.service';
import { OwnRecordsRepository } from './own-records.repository';

/** "My data" on the profile page: the download of everything stored about the signed-in person. */
@Module({
  controllers: [MyDataController],
  providers: [MyDataService, OwnRecordsRepository, ActsRepository, FileStore],
})
export class MyDataModule {}
